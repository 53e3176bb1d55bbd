"""The accounts app's only center page (the security policy) takes no object id."""
