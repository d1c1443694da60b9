import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from common.identifiers import (
    is_standard_constructor_number,
    make_id_number,
    make_uscc,
    mask_id_number,
    normalize_project_code,
    validate_id_number,
    validate_uscc,
)


class TestUnifiedSocialCreditCode:
    @pytest.mark.parametrize(
        "raw",
        [
            "91110000600037341L",  # python-stdnum's doctest, worked by hand in docs/domain.md
            "91110000600037341l",  # lower case
            "９１１１００００６０００３７３４１Ｌ",  # full-width
            " 9111-0000-6000-3734-1L ",  # spaces and hyphens
        ],
    )
    def test_it_accepts_and_normalises_valid_codes(self, raw):
        assert validate_uscc(raw) == "91110000600037341L"

    def test_it_accepts_letters_in_the_first_two_positions(self):
        # GB 32100 allows e.g. Y (其他) as registration authority; stdnum's validate() would refuse it.
        code = make_uscc("Y1330106MA2H00001")
        assert validate_uscc(code) == code

    @pytest.mark.parametrize(
        ("raw", "code"),
        [
            ("91110000600037341M", "uscc_checksum"),
            ("91110000600037341", "uscc_length"),
            ("911100006000373411L", "uscc_length"),
            ("9111000060003734IL", "uscc_format"),  # I is not in the alphabet
            ("91A10000600037341L", "uscc_format"),  # positions 3-8 are digits
            ("", "uscc_length"),
        ],
    )
    def test_it_rejects_invalid_codes_with_the_reason(self, raw, code):
        with pytest.raises(ValidationError) as exc:
            validate_uscc(raw)
        assert exc.value.code == code


class TestIdNumber:
    @pytest.mark.parametrize(
        ("raw", "normalised"),
        [
            ("11010519491231002X", "11010519491231002X"),
            ("11010519491231002x", "11010519491231002X"),
            ("360426199101010071", "360426199101010071"),  # python-stdnum's doctest
            ("３６０４２６１９９１０１０１００７１", "360426199101010071"),
        ],
    )
    def test_it_accepts_valid_numbers(self, raw, normalised):
        assert validate_id_number(raw) == normalised

    def test_it_accepts_an_address_code_no_longer_in_use(self):
        # 330103 (下城区) was abolished in 2021; cards issued before keep it.
        number = make_id_number("33010319800101001")
        assert validate_id_number(number) == number

    @pytest.mark.parametrize(
        ("raw", "code"),
        [
            ("110105194912310021", "id_number_checksum"),
            (make_id_number("11010519490230002"), "id_number_birth_date"),  # 30 February
            (make_id_number("11010520990101001"), "id_number_birth_date"),  # born in the future
            ("110105491231002", "id_number_legacy"),
            ("1101051949123100", "id_number_length"),
            ("1101051949123100XX", "id_number_format"),
        ],
    )
    def test_it_rejects_invalid_numbers_with_the_reason(self, raw, code):
        with pytest.raises(ValidationError) as exc:
            validate_id_number(raw, today=dt.date(2026, 11, 30))
        assert exc.value.code == code

    def test_it_masks_all_but_the_first_three_and_last_four(self):
        assert mask_id_number("11010519491231002X") == "110***********002X"


class TestProjectCode:
    @pytest.mark.parametrize(
        "raw",
        ["2024-330106-47-01-000123", "20243301064701000123", "２０２４－３３０１０６－４７－０１－０００１２３"],
    )
    def test_it_normalises_to_the_hyphenated_form(self, raw):
        assert normalize_project_code(raw) == "2024-330106-47-01-000123"

    def test_it_accepts_the_gbt_40058_layout_with_a_letter_check_character(self):
        assert normalize_project_code("2021-330106-04-01-12345X") == "2021-330106-04-01-12345X"

    @pytest.mark.parametrize("raw", ["2024-330106-47-01-00012", "ABCD-330106-47-01-000123", ""])
    def test_it_rejects_other_shapes(self, raw):
        with pytest.raises(ValidationError):
            normalize_project_code(raw)


def test_constructor_numbers_have_a_soft_format_check():
    assert is_standard_constructor_number("京111050700001")
    assert not is_standard_constructor_number("111050700001")
