"""Settings of the federation capability (see markaz.settings_parts).

- MARKAZ_FEDERATION_NAME: this deployment's name shown to peers (default: the host name).
- MARKAZ_FEDERATION_BASE_URL: the public base URL peers reach this deployment at.
- MARKAZ_FEDERATION_KEY_FILE: the Ed25519 private key (32-byte seed, base64) in production;
  without it a key is generated once and kept in the data dir (demo and development only).
- MARKAZ_FEDERATION_TIMEOUT: seconds for each request to a peer.
- MARKAZ_FEDERATION_PAGE: activities per outbox page.
"""

from markaz.envconf import env_int, env_str


def apply(s: dict) -> None:
    """Change the settings namespace `s` in place."""
    import socket

    s["MARKAZ_FEDERATION_NAME"] = env_str("MARKAZ_FEDERATION_NAME", socket.gethostname())
    s["MARKAZ_FEDERATION_BASE_URL"] = env_str(
        "MARKAZ_FEDERATION_BASE_URL", "http://127.0.0.1:8000"
    ).rstrip("/")
    s["MARKAZ_FEDERATION_KEY_FILE"] = env_str("MARKAZ_FEDERATION_KEY_FILE")
    s["MARKAZ_FEDERATION_TIMEOUT"] = env_int("MARKAZ_FEDERATION_TIMEOUT", 10)
    s["MARKAZ_FEDERATION_PAGE"] = env_int("MARKAZ_FEDERATION_PAGE", 500)
