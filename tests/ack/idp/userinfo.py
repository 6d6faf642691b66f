from typing import Any


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["name"] = user.get_full_name() or user.username
    return claims
