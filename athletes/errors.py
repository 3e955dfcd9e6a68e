"""The one base of every error the domain raises on purpose. Pure Python, no Django.

Notation, split, pace and rule errors all derive from `DomainError`, so a view, a command
or (later) the API turns any of them into one clear answer: its `message`, and where the
error points into typed text, its `position` (a 0-based character index).
"""


class DomainError(ValueError):
    """Input the domain refuses, with a message a coach or an athlete can act on."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def as_dict(self) -> dict[str, object]:
        answer: dict[str, object] = {"message": self.message}
        if self.position is not None:
            answer["position"] = self.position
        return answer


class RuleError(DomainError):
    """A write the business rules refuse (a date out of range, a name taken, …).

    `field` names the input the rule is about ("date", "distance"), so a form can show the
    message beside it; None when it is about the whole request.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
