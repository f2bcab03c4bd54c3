"""Documents are cut into sentence records whose offsets point into the document."""

from hypothesis import given, strategies as st

from kg.sentences import split_sentences


def test_blank_lines_and_final_punctuation_end_sentences():
    text = "关于答复\n\n第一句。第二句！“引语。”后文\n续行。"
    assert [s.text for s in split_sentences(text)] == ["关于答复", "第一句。", "第二句！", "“引语。”", "后文\n续行。"]


@given(st.text(alphabet="上海云南。！？\n “”ab", max_size=60))
def test_offsets_slice_the_document(text):
    previous_end = 0
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        assert sentence.start >= previous_end
        previous_end = sentence.end
