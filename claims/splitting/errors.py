class InputError(ValueError):
    """Input that cannot be turned into text. The message is shown to editors as is."""
