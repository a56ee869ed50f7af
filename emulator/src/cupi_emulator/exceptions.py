"""Model exceptions. They carry CUPI's error code and message, never an HTTP status:
the response layer maps them (responses.STATUS_BY_CODE)."""


class CupiError(Exception):
    code = "DATA_EXCEPTION"

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotFound(CupiError):
    """An object that does not exist (GET/DELETE of an unknown id, POST under an unknown parent)."""

    code = "NOT_FOUND"

    def __init__(self, type_name, object_id):
        super().__init__(f"{type_name} - ObjectId={object_id}")
        self.type_name = type_name
        self.object_id = object_id


class InvalidParameter(CupiError):
    """A value out of range, of the wrong type, or a missing required field."""

    code = "INVALID_PARAMETER"

    def __init__(self, param, value, msg=""):
        text = f"Invalid parameter. Parameter = [{param}], Value = [{'' if value is None else value}]"
        if msg:
            text += f". {msg}"
        super().__init__(text)
        self.param = param
        self.value = value


class DataException(CupiError):
    """A request that conflicts with the data (duplicates, dependent objects, unknown id on PUT)."""

    code = "DATA_EXCEPTION"
