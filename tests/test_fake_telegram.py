"""The fake Bot API server decodes form bodies itself (in C, for speed); what the
end-to-end tests assert about the bot's replies is only as true as that decoding."""

from __future__ import annotations

import random
from urllib.parse import parse_qsl, urlencode

from tests.fake_telegram import _form_fields

ALPHABET = "abc XYZ+=&%?#;\r\n\t ก ข ไทย ๑ ำ 😀 \x00 =20 %41 _-.~ \\ \"' <b>"


def test_form_bodies_decode_as_urllib_decodes_them() -> None:
    rng = random.Random(7)
    for _ in range(2_000):
        fields = {
            "".join(rng.choices(ALPHABET, k=rng.randint(1, 6))): "".join(
                rng.choices(ALPHABET, k=rng.randint(0, 40))
            )
            for _ in range(rng.randint(1, 4))
        }
        body = urlencode(fields)
        assert _form_fields(body.encode("ascii")) == parse_qsl(body, keep_blank_values=True)


def test_a_raw_equals_sign_in_a_value_stays_as_it_is() -> None:
    # not what urlencode writes, but what a hand-made form may hold: `=41` is no escape
    for body in ["x=1=41&y=%E0%B8%81=3D", "k=v=0A&d==%3D", "a=b=c"]:
        assert _form_fields(body.encode("ascii")) == parse_qsl(body, keep_blank_values=True)
