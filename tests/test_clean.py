"""Clean stage: every artifact of scraped reports, as (input -> expected) tables."""

from __future__ import annotations

import json
import tempfile
import unicodedata
from pathlib import Path

import pytest

from pipeline.clean import clean, clean_line, repair_entities
from pipeline.readers import RawDocument


def raw(body: str, fmt: str = "txt", **hints) -> RawDocument:
    return RawDocument("test.txt", body.encode(), body, fmt, **hints)


ENTITY_CASES = [
    # stripped entities
    ("nbsp;nbsp;nbsp;nbsp; Qua hai năm thực hiện", "\u00a0" * 4 + " Qua hai năm thực hiện"),
    ("tình hình thếnbsp; tình", "tình hình thế\u00a0 tình"),
    ("xemnbsp;đâynbsp;là nhiệm vụ", "xem\u00a0đây\u00a0là nhiệm vụ"),
    ("chuyên đề “quot;Xây dựng Đảng”", "chuyên đề “Xây dựng Đảng”"),
    ("quot;Dân vận khéoquot; là phong trào", '"Dân vận khéo" là phong trào'),
    ("Kinh tế amp; Đô thị", "Kinh tế & Đô thị"),
    ("#8220;Học tập và làm theo#8221;", "“Học tập và làm theo”"),
    ("ndash; tiếp tục", "– tiếp tục"),
    # real entities, also escaped twice
    ("Kinh tế &amp; Đô thị", "Kinh tế & Đô thị"),
    ("&amp;nbsp;Quận ủy", "\u00a0Quận ủy"),
    ("&#8220;Ba xây, ba chống&#8221;", "“Ba xây, ba chống”"),
    # legitimate text stays
    ("example, quota, campaign, Tampa", "example, quota, campaign, Tampa"),
    ("số 15 - NQ/TU; 94,87%", "số 15 - NQ/TU; 94,87%"),
]


@pytest.mark.parametrize("text, expected", ENTITY_CASES)
def test_repair_entities(text, expected):
    assert repair_entities(text) == expected


LINE_CASES = [
    ("thực hiện tốt Quy định 428 của Thành ủy.Việc thực hiện", "thực hiện tốt Quy định 428 của Thành ủy. Việc thực hiện"),
    ("TP.HCM và Tp.Hồ Chí Minh", "TP.HCM và Tp.Hồ Chí Minh"),
    ("website dangcongsan.vn đăng tải", "website dangcongsan.vn đăng tải"),
    ("  nhiều   khoảng  trắng ", "nhiều khoảng trắng"),
    ("tỷ lệ 94,87%.Năm 2020", "tỷ lệ 94,87%.Năm 2020"),
    # a section number glued to its heading; amounts and years are left alone
    ("12.3Khen thưởng đối với tổ chức đảng", "12.3 Khen thưởng đối với tổ chức đảng"),
    ("2.Nhiệm vụ năm 2024", "2. Nhiệm vụ năm 2024"),
    ("III.Phương hướng, nhiệm vụ", "III. Phương hướng, nhiệm vụ"),
    ("1.500 đảng viên", "1.500 đảng viên"),
    ("2023Năm", "2023Năm"),
]


@pytest.mark.parametrize("text, expected", LINE_CASES)
def test_clean_line(text, expected):
    assert clean_line(text) == expected


def test_mojibake_and_nfc():
    import ftfy.bad_codecs  # noqa: F401  registers the codec real mojibake went through

    mojibake = "Ban Thường vụ Quận ủy đã kiểm tra.".encode("utf-8").decode("sloppy-windows-1252")
    assert mojibake.startswith("Ban ThÆ°á»")
    decomposed = unicodedata.normalize("NFD", "Đảng bộ phường đã hoàn thành nhiệm vụ năm 2019.")
    document = clean(raw(f"{mojibake}\n\n{decomposed} Đây là câu thứ hai của đoạn văn."))
    assert "Ban Thường vụ Quận ủy đã kiểm tra." in document.text
    assert unicodedata.is_normalized("NFC", document.text)
    assert "Đảng bộ phường đã hoàn thành" in document.text


def test_tone_style_is_kept():
    body = "Ban Thường vụ Thành uỷ chỉ đạo hoà giải ở cơ sở; Thành ủy đã ban hành qui định mới về thuỷ lợi."
    assert clean(raw(body)).text == body


REPORT = """DÒNG SỰ KIỆN. * ĐẠI HỘI ĐẢNG CÁC CẤP * CHUYỂN ĐỔI SỐ

Quận Gò Vấp nâng chất lượng sinh hoạt chi bộ

Nhóm PV
05-11-2021 09:12
Chia sẻ Facebook Zalo
Lượt xem: 1.215

Hanoimoi-Năm 2021, Ban Thường vụ Quận ủy Gò Vấp đã chỉ đạo 100% chi bộ trực thuộc xây dựng chuyên đề sinh hoạt hằng quý, gắn với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.
Bí thư Quận ủy Gò Vấp phát biểu tại hội nghị sơ kết. Ảnh: T.HÀ
Bí thư Quận ủy Gò Vấp phát biểu tại hội nghị sơ kết. Ảnh: T.HÀ
 Đại biểu dự hội nghị sơ kết công tác xây dựng Đảng quý III
Tuy nhiên, một số chi bộ còn sinh hoạt hình thức, nội dung chưa phong phú, tỷ lệ đảng viên tham gia phát biểu còn thấp.
Thời gian tới, Quận ủy tiếp tục chỉ đạo đổi mới nội dung sinh hoạt chi bộ theo Hướng dẫn 12-HD/BTCTW.

Tin liên quan
Phường 5 tổ chức đại hội chi bộ điểm
Quận Gò Vấp tổng kết công tác dân vận năm 2020
"""


@pytest.fixture(scope="module")
def report():
    return clean(raw(REPORT))


def test_report_metadata(report):
    assert report.metadata.title == "Quận Gò Vấp nâng chất lượng sinh hoạt chi bộ"
    assert report.metadata.date == "2021-11-05"
    assert report.metadata.place is not None and "Gò Vấp" in report.metadata.place
    assert report.metadata.province == "Thành phố Hồ Chí Minh"


@pytest.mark.parametrize("furniture", [
    "DÒNG SỰ KIỆN", "Nhóm PV", "05-11-2021", "Chia sẻ", "Lượt xem", "Ảnh: T.HÀ", "Hanoimoi-",
    "Tin liên quan", "Phường 5 tổ chức đại hội chi bộ điểm", "Đại biểu dự hội nghị sơ kết",
])
def test_report_furniture_left_out(report, furniture):
    assert furniture not in report.text
    assert any(furniture in d.text or d.text in furniture for d in report.metadata.dropped)


def test_report_body_kept(report):
    """A text's own first line, its title, stays in the text (the real-text gold requires it); the
    source prefix of the lead after it goes."""
    paragraphs = report.text.split("\n\n")
    assert paragraphs[0] == report.metadata.title
    assert paragraphs[1].startswith("Năm 2021, Ban Thường vụ Quận ủy Gò Vấp")
    assert paragraphs[-1].startswith("Thời gian tới, Quận ủy tiếp tục")
    assert len(paragraphs) == 4


def test_dropped_reasons(report):
    reasons = {d.reason for d in report.metadata.dropped}
    assert {"ticker", "byline", "dateline", "share", "counter", "caption", "duplicate", "related"} <= reasons


def test_html_page():
    page = """<html><head><title>Tin tức | Cổng TTĐT Quận ủy</title>
    <meta property="article:published_time" content="2019-06-14T08:30:00+07:00">
    <style>.x{color:red}</style><script>var views = 12;</script></head>
    <body><nav><a href="/">Trang chủ</a> <a href="/tin">Tin tức</a></nav>
    <article><h1>Quận 10 sơ kết Chỉ thị 05-CT/TW</h1>
    <p>Sáng 13/6, Ban Thường vụ Quận ủy Quận 10 tổ chức hội nghị sơ kết 3 năm thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị.</p>
    <figure><img src="a.jpg"><figcaption>Quang cảnh hội nghị sơ kết tại Quận 10.</figcaption></figure>
    <p>Qua 3 năm, toàn Đảng bộ có <b>1.204</b> đảng viên đăng ký làm theo Bác.</p></article>
    <footer>Bản quyền thuộc Quận ủy Quận 10</footer></body></html>"""
    from pipeline.readers import from_html

    document = clean(from_html(page, "page.html", page.encode()))
    assert document.metadata.title == "Quận 10 sơ kết Chỉ thị 05-CT/TW"
    assert document.metadata.date == "2019-06-14"
    assert document.text.split("\n\n") == [
        "Sáng 13/6, Ban Thường vụ Quận ủy Quận 10 tổ chức hội nghị sơ kết 3 năm thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị.",
        "Qua 3 năm, toàn Đảng bộ có 1.204 đảng viên đăng ký làm theo Bác.",
    ]
    assert ("Quang cảnh hội nghị sơ kết tại Quận 10.", "caption") in {
        (d.text, d.reason) for d in document.metadata.dropped}


def test_empty_document_is_bad_input():
    from pipeline.readers import BadInput

    with pytest.raises(BadInput, match="no text"):
        clean(raw("Lượt xem: 12\nChia sẻ Facebook\n"))


ARTICLE = ('<div itemprop="articleBody"><p>Chiều 15-1, Đảng ủy Nhà máy Z100 tổ chức hội nghị tổng kết công tác '
           'Đảng năm 2024.</p><table><tr><td><img src="https://cdn.baoquandoi.example/data/images/0/2025/01/15/'
           'upload_2207/anh1.jpg"/></td></tr><tr><td>Quang cảnh hội nghị.</td></tr></table>'
           '<p>Năm 2024, Đảng bộ kết nạp 12 đảng viên, đạt 120% chỉ tiêu.</p>'
           '<img src="https://cdn.baoquandoi.example/data/images/0/2019/06/03/logo.png"/></div>')


def test_a_page_without_a_date_takes_its_images_upload_day():
    """An article body that prints only 'Chiều 15-1' is dated by the day its newest photo was
    filed under (a logo uploaded years ago is older, and no later photo means no later page)."""
    from pipeline.readers import read

    path = Path(tempfile.mkdtemp()) / "bai.json"
    path.write_text(json.dumps({"title": "Tổng kết công tác Đảng", "article_text": ARTICLE}), encoding="utf-8")
    assert clean(next(read(path))).metadata.date == "2025-01-15"
    path.write_text(json.dumps({"title": "Tổng kết", "article_text": ARTICLE.replace("2019/06/03", "2025/02/20")}),
                    encoding="utf-8")
    assert clean(next(read(path))).metadata.date == "2025-02-20"
    dated = {"title": "Tổng kết", "date": "16/01/2025", "article_text": ARTICLE}
    path.write_text(json.dumps(dated), encoding="utf-8")
    assert clean(next(read(path))).metadata.date == "2025-01-16"  # the record's own date comes first


def test_a_table_is_laid_out_one_cell_a_paragraph_with_its_geometry_kept():
    from pipeline.readers import from_html

    page = ("<html><body><p>Kết quả phát triển đảng viên của Đảng bộ huyện trong hai năm qua như sau.</p>"
            "<table><tr><th>Chỉ tiêu</th><th>Năm 2023</th><th>Năm 2024</th></tr>"
            "<tr><td>Kết nạp đảng viên mới</td><td>85</td><td></td></tr></table></body></html>")
    doc = clean(from_html(page, "bang.html", page.encode()))
    assert "|" not in doc.text and "\ue001" not in doc.text
    assert [[doc.text[a:b] for a, b in row] for row in doc.tables[0]] == [
        ["Chỉ tiêu", "Năm 2023", "Năm 2024"], ["Kết nạp đảng viên mới", "85", ""]]
    assert "\n\nNăm 2023\n\n" in doc.text  # each cell a paragraph, as annotators read tables


def test_rows_a_crawler_left_with_pipes_are_a_table_and_bare_pipes_go():
    body = ("Danh sách các tỉnh sau khi hợp nhất được nêu trong nghị quyết như sau.\n|\n"
            "1 | Tỉnh Quảng Trị | Hợp nhất tỉnh Quảng Bình và tỉnh Quảng Trị |\n|\n"
            "2 | Thành phố Đà Nẵng | Hợp nhất tỉnh Quảng Nam và thành phố Đà Nẵng |\n"
            "Việc sắp xếp được thực hiện theo đúng lộ trình | tiến độ đề ra.")
    doc = clean(raw(body))
    assert "|" not in doc.text.split("\n\n")[1:-1] and len(doc.tables) == 1
    assert [doc.text[a:b] for a, b in doc.tables[0][1]] == ["2", "Thành phố Đà Nẵng",
                                                            "Hợp nhất tỉnh Quảng Nam và thành phố Đà Nẵng"]
    assert doc.text.endswith("theo đúng lộ trình | tiến độ đề ra.")  # one line with a pipe is no table


@pytest.mark.parametrize("body, gone", [
    # a crawler's summary cut off with ' ...' opening the page
    ("Sáng 12/3, Huyện ủy Yên Mỹ tổ chức hội nghị quán triệt nội dung bài viết của Tổng Bí thư về xây dựng ...\n"
     "Dự hội nghị có các đồng chí trong Ban Thường vụ Huyện ủy và lãnh đạo các xã, thị trấn trong huyện.\n"
     "Hội nghị đã quán triệt đầy đủ nội dung bài viết tới cán bộ, đảng viên.", True),
    # a snippet cut off further down, present in full elsewhere
    ("Hội nghị tổng kết công tác xây dựng Đảng năm 2024 diễn ra sáng nay.\n"
     "Huyện ủy đã lãnh đạo hoàn thành toàn diện các chỉ tiêu ...\n"
     "Báo cáo nêu rõ: Huyện ủy đã lãnh đạo hoàn thành toàn diện các chỉ tiêu của nghị quyết đại hội.", True),
    # a sentence of the body that trails off is text
    ("Hội nghị tổng kết công tác xây dựng Đảng năm 2024 diễn ra sáng nay tại hội trường huyện.\n"
     "Nhiều hoạt động được tổ chức sôi nổi như văn nghệ, thể dục thể thao, hội thi tìm hiểu lịch sử Đảng bộ ...", False),
])
def test_a_cut_off_lead_or_snippet_is_a_teaser(body, gone):
    doc = clean(raw(body))
    teasers = [d.text for d in doc.metadata.dropped if d.reason == "teaser"]
    assert bool(teasers) is gone
    assert all(t not in doc.text for t in teasers)


def test_an_eth_typed_for_d_stays_in_the_text_and_reads_as_d():
    from pipeline.extract import extract
    from pipeline.fold import fold
    from pipeline.segment import segment

    body = "Ngày 5/3, Ðảng ủy xã An Bình tổ chức hội nghị quán triệt nghị quyết của Tỉnh ủy về công tác cán bộ."
    doc = extract(segment(clean(raw(body))))
    assert doc.text.startswith("Ngày 5/3, Ðảng ủy")  # as annotators copy it
    assert fold("Ðảng ðoàn") == "Đảng đoàn"
    org = next(e for e in doc.entities if e.label == "ORG")
    assert (org.text, org.norm["name"]) == ("Ðảng ủy xã An Bình", "Đảng ủy xã An Bình")


def test_a_page_that_is_only_a_cut_off_summary_keeps_it():
    body = ("Tỉnh ủy Lai Châu: Bổ nhiệm Phó Trưởng Ban Tuyên giáo\n"
            "Ngày 24/6, Tỉnh ủy tổ chức hội nghị công bố quyết định công tác cán bộ tại Ban Tuyên giáo Tỉnh ủy và Văn phòng ...")
    doc = clean(raw(body))
    assert "công bố quyết định công tác cán bộ" in doc.text
    assert not [d for d in doc.metadata.dropped if d.reason == "teaser"]


def test_a_category_tag_before_a_crawled_headline_is_no_part_of_the_title():
    body = "Sáng 13/1, Tỉnh ủy tổ chức hội nghị quán triệt nghị quyết về phát triển khoa học, công nghệ."
    doc = clean(RawDocument("p.md", body.encode(), body, "md", title="[Nghị quyết 57] Đột phá phát triển khoa học"))
    assert doc.metadata.title == "Đột phá phát triển khoa học"


@pytest.mark.parametrize("lead, kept", [
    ("(CLO) Trong 6 tháng đầu năm, Công an tỉnh phát hiện 83 vụ.", "Trong 6 tháng đầu năm, Công an tỉnh phát hiện 83 vụ."),
    ("Kinhtedothi - Chiều 3/1, Thành ủy tổ chức hội nghị.", "Chiều 3/1, Thành ủy tổ chức hội nghị."),
    ("(II) Nhiệm vụ trọng tâm năm 2025 của Đảng bộ.", "(II) Nhiệm vụ trọng tâm năm 2025 của Đảng bộ."),  # a numeral
    # a paper's name of a few words in brackets before a dash
    ("(Dân trí) - Công an tỉnh cho biết đã bắt giữ nghi phạm.", "Công an tỉnh cho biết đã bắt giữ nghi phạm."),
    ("(Theo báo cáo của Huyện ủy) Kết quả năm 2025 khả quan.", "(Theo báo cáo của Huyện ủy) Kết quả năm 2025 khả quan."),
])
def test_a_news_source_before_the_lead_goes(lead, kept):
    doc = clean(RawDocument("p.txt", lead.encode(), lead, "txt", title="Tin trong tỉnh"))
    assert doc.text == kept


WRAPPED = """Thực hiện Chỉ thị số 41-CT/TW của Bộ Chính trị, Kế hoạch số 319-KH/TU ngày
10/4/2025 của Tỉnh ủy về tăng cường sự lãnh đạo của Đảng đối với công tác thi
đua, khen thưởng trong tình hình mới, Ủy ban nhân dân tỉnh ban hành Kế hoạch này.
Nhóm PV
13-10-2020 13:33
7 Nguyên tắc cung cấp thủ tục hành chính của Đảng
"""


def test_lines_a_converter_wrapped_are_joined_and_lines_of_their_own_stay():
    doc = clean(RawDocument("plan.txt", WRAPPED.encode(), WRAPPED, "txt"))
    assert "Kế hoạch số 319-KH/TU ngày 10/4/2025 của Tỉnh ủy" in doc.text
    assert "công tác thi đua, khen thưởng" in doc.text
    paragraph = next(p for p in doc.text.split("\n") if "Kế hoạch này." in p)
    assert "Nguyên tắc" not in paragraph and "Nhóm PV 13-10-2020" not in doc.text


OPEN_ENDED = """- Căn cứ Quyết định số 204-QĐ/TW, ngày 29/11/2024 của
Ban Bí thư về phê duyệt Đề án chuyển đổi số trong các cơ quan đảng;

Ban Tổ chức Huyện ủy tổng kết công tác năm 2024 | 42 ngày
Chú thích
"""


def test_a_line_ending_on_a_word_that_wants_more_goes_on_in_the_next_even_in_capitals():
    # no paragraph ends on 'của'; a table row's '42 ngày' is a duration and its next line a heading
    doc = clean(RawDocument("decision.md", OPEN_ENDED.encode(), OPEN_ENDED, "md"))
    assert "ngày 29/11/2024 của Ban Bí thư về phê duyệt" in doc.text
    assert "42 ngày Chú thích" not in doc.text


STAMPED_WITH_OTHERS = """Tình hình kinh tế - xã hội huyện Tiên Lữ tháng Tư năm 2025
10/05/2025 07:26
Sản xuất nông nghiệp tháng Tư ổn định, lúa chiêm xuân sinh trưởng tốt trên toàn huyện.
Công nghiệp tăng 8,2% so với cùng kỳ năm trước, thu hút thêm nhiều lao động địa phương.
Thu ngân sách đạt 42% dự toán năm, chi ngân sách bảo đảm các nhiệm vụ chính trị của huyện.
Các xã tập trung hoàn thiện hồ sơ đề nghị công nhận đạt chuẩn nông thôn mới nâng cao.
Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng tăng 9,1% so với cùng kỳ.
An sinh xã hội được bảo đảm, các chính sách cho người có công được chi trả kịp thời.
Công tác cải cách hành chính tiếp tục được đẩy mạnh, hồ sơ trực tuyến tăng mạnh.
Tình hình an ninh chính trị, trật tự an toàn xã hội trên địa bàn huyện ổn định.
Quý II, huyện tập trung chỉ đạo thu hoạch lúa chiêm xuân và gieo cấy vụ mùa đúng khung thời vụ.
Tin khác
Tình hình kinh tế - xã hội huyện Tiên Lữ tháng Ba năm 2025
(07/04/2025)
Tình hình kinh tế - xã hội huyện Tiên Lữ tháng Hai năm 2025
(10/03/2025)
"""


def test_the_page_is_dated_by_its_own_stamp_not_by_the_earlier_ones_of_its_related_box():
    doc = clean(RawDocument("tk.txt", STAMPED_WITH_OTHERS.encode(), STAMPED_WITH_OTHERS, "txt"))
    assert doc.metadata.date == "2025-05-10"
    assert "tháng Ba năm 2025" not in doc.text


def test_a_broken_copy_of_the_last_line_goes_as_a_duplicate():
    """A crawl that cut its file inside a character repeats the end of the last line after the
    broken bytes: the copy goes, the text keeps no replacement character."""
    body = ("Đại hội đã bầu Ban Chấp hành khóa mới.\n\n"
            "Đảng bộ tiếp tục nâng cao năng lực lãnh đạo và sức chiến đấu.\n\n\ufffd\ufffdc chiến đấu.")
    doc = clean(raw(body))
    assert "\ufffd" not in doc.text and doc.text.endswith("năng lực lãnh đạo và sức chiến đấu.")
    assert [d.reason for d in doc.metadata.dropped] == ["duplicate"]
