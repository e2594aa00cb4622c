"""Discord's JSON error bodies: ``{"code": ..., "message": ...}`` with the HTTP status the API uses."""

from __future__ import annotations

from typing import Any

# code -> (HTTP status, message), as the live API words them.
KNOWN: dict[int, tuple[int, str]] = {
    10003: (404, "Unknown Channel"),
    10004: (404, "Unknown Guild"),
    10007: (404, "Unknown Member"),
    10008: (404, "Unknown Message"),
    10013: (404, "Unknown User"),
    10015: (404, "Unknown Webhook"),
    10062: (404, "Unknown interaction"),
    10063: (404, "Unknown application command"),
    40060: (400, "Interaction has already been acknowledged."),
    50001: (403, "Missing Access"),
    50005: (403, "Cannot edit a message authored by another user"),
    50006: (400, "Cannot send an empty message"),
    50007: (403, "Cannot send messages to this user"),
    50013: (403, "Missing Permissions"),
    50027: (401, "Invalid Webhook Token"),
    50035: (400, "Invalid Form Body"),
    50109: (400, "The request body contains invalid JSON."),
}

UNKNOWN_CHANNEL = 10003
UNKNOWN_GUILD = 10004
UNKNOWN_MEMBER = 10007
UNKNOWN_MESSAGE = 10008
UNKNOWN_USER = 10013
UNKNOWN_WEBHOOK = 10015
UNKNOWN_INTERACTION = 10062
ALREADY_ACKNOWLEDGED = 40060
MISSING_ACCESS = 50001
NOT_AUTHOR = 50005
EMPTY_MESSAGE = 50006
CANNOT_DM = 50007
MISSING_PERMISSIONS = 50013
INVALID_WEBHOOK_TOKEN = 50027
INVALID_FORM_BODY = 50035
INVALID_JSON = 50109


class ApiError(Exception):
    """Raised by a route handler; the server turns it into Discord's error response."""

    def __init__(
        self, code: int, *, message: str | None = None, errors: dict[str, Any] | None = None
    ) -> None:
        status, default = KNOWN[code]
        self.status = status
        self.code = code
        self.message = message or default
        self.errors = errors
        super().__init__(f"{status} {code} {self.message}")

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            body["errors"] = self.errors
        return body


def invalid_body(field: str, code: str, message: str) -> ApiError:
    """A 50035 naming one field, shaped like the API's ``errors`` tree."""
    return ApiError(INVALID_FORM_BODY, errors={field: {"_errors": [{"code": code, "message": message}]}})


def plain(status: int) -> dict[str, Any]:
    """The body of a 401/404/405 that has no Discord error code (e.g. an unknown route)."""
    names = {401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed", 500: "Internal Server Error"}
    return {"message": f"{status}: {names.get(status, 'Error')}", "code": 0}
