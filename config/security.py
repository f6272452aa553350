"""Security hooks that keep Venster's promise: no IP addresses are stored."""


def client_ip_withheld(request) -> None:
    """The client address django-axes records for a login attempt: none."""
    return None
