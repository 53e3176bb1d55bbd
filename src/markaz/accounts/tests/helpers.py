import time

import pyotp

from markaz.accounts.services import STEP_SECONDS


def code_at(secret: str, offset_steps: int = 0) -> str:
    step = int(time.time() // STEP_SECONDS) + offset_steps
    return pyotp.TOTP(secret).generate_otp(step)
