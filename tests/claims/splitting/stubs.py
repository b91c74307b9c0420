"""Stand-ins for the check-worthiness scorer in tests about what the splitter does after it."""

from claims.splitting.types import Score


class PassEverything:
    """Which sentences pass check-worthiness is the scorer's business (its own tests and
    benchmark); these tests are about what attribution and decomposition make of them."""

    threshold = 0.5

    def score(self, sentences):
        return [Score(1.0) for _ in sentences]
