"""Short ids of a server's own questions: shown short, read back from the short or the full form."""

from bot.domain.short_ids import full_id, is_server_id, short_id

GUILD = 1456074443980800002


def test_a_server_question_shows_its_hex_part_and_any_other_id_stays_as_it_is():
    assert short_id(f"g{GUILD}-45a6b9") == "45a6b9"
    assert short_id(f"g{GUILD}-0123456789ab") == "0123456789ab"
    assert short_id("qa40-0e7f92") == "qa40-0e7f92"


def test_what_people_type_is_read_back_in_their_server_only():
    assert full_id(" #45A6B9 ", GUILD) == f"g{GUILD}-45a6b9"
    assert full_id(f"g{GUILD}-45a6b9", GUILD) == f"g{GUILD}-45a6b9"
    assert full_id("qa40-0e7f92", GUILD) == "qa40-0e7f92"
    assert is_server_id("45a6b9", GUILD)
    assert not is_server_id(f"g{GUILD + 1}-45a6b9", GUILD)  # another server's question
    assert not is_server_id("event loop", GUILD)
    assert not is_server_id("qa40-0e7f92", GUILD)
