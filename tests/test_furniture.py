"""Page furniture by its shape: captions, credits run into text, glued blocks, portal and Q&A-site
lines, in-line leftovers. Table-driven; every line here is the team's own writing (or an issue's
example), modelled on what crawlers deliver."""

from __future__ import annotations

import pytest

from pipeline.clean import clean
from pipeline.furniture import looks_like_caption, split_glued, strip_inline
from pipeline.furniture_rules import line_reason, line_rules
from pipeline.readers import CAPTION, RawDocument


def cleaned(text: str, name: str):
    """The cleaned document of a page read from a file of that name (its suffix is the format)."""
    return clean(RawDocument(name, text.encode(), text, name.rsplit(".", 1)[1]))

CAPTIONS = [
    ("Quang cảnh hội nghị.", True),
    ("Toàn cảnh Đại hội Đảng bộ phường Tân Định lần thứ XIV.", True),
    # opening like a caption, a caption may describe the photo at length
    ("Toàn cảnh hội nghị lấy ý kiến nhân dân về phương án mở rộng tuyến đường liên xã, tỷ lệ 1/500, thuộc dự án "
     "cải tạo hạ tầng giao thông và chỉnh trang khu dân cư ven sông của xã Tân Phú, huyện Đức Thọ.", True),
    ("Về phương án mở rộng tuyến đường liên xã, tỷ lệ 1/500, thuộc dự án cải tạo hạ tầng giao thông và chỉnh "
     "trang khu dân cư ven sông, Ủy ban nhân dân xã Tân Phú lấy ý kiến nhân dân trong tháng 6.", False),
    ("Các đại biểu dự hội nghị", True),
    ("Đồng chí Nguyễn Văn Bình, Bí thư Huyện ủy phát biểu tại hội nghị.", True),
    ("Thiếu tướng Lê Văn Hòa trao quà cho các gia đình chính sách.", True),
    ("Các tập thể, cá nhân nhận Bằng khen của Ủy ban nhân dân tỉnh", True),
    ("Trưởng ban Tuyên giáo Huyện ủy - Lê Văn Nam quán triệt Kế hoạch số 12", True),
    ("Tiến sĩ Trần Thị Mai - Giám đốc Trường Chính trị tỉnh thông tin chuyên đề", True),
    ("Phát huy vai trò của Mặt trận - đoàn thể trong giám sát", False),
    # where the photo shows someone: '(phải)' is no modal 'phải', and marks a caption even a long title makes long
    ("Ông Lê Văn Út, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Long An (phải), trao quyết định cho ông Trần Tấn Sơn", True),
    ("Các chi bộ phải tổ chức sinh hoạt chuyên đề và trao đổi kinh nghiệm trong năm 2025.", False),
    # reported sentences, headings and task lines are text
    ("Đồng chí Bí thư Huyện ủy nhấn mạnh, thời gian tới cần tập trung vào công tác cán bộ.", False),
    ("Hội nghị đã thống nhất thông qua chương trình công tác năm 2025.", False),
    ("Tiếp tục đẩy mạnh thực hiện Nghị quyết Trung ương 4 khóa XII.", False),
    ("Tập thể lãnh đạo trước, cá nhân sau.", False),
    ("II. KẾT QUẢ ĐẠT ĐƯỢC", False),
    ("Dự hội nghị có đồng chí Trần Thị Mai, Phó Bí thư Thường trực Tỉnh ủy.", False),
    ("Kết quả như sau:", False),
]


@pytest.mark.parametrize("line, expected", CAPTIONS)
def test_a_caption_is_known_by_its_shape(line, expected):
    assert looks_like_caption(line) is expected


INLINE = [
    # (line, what stays, reason of what goes)
    # a portal's widgets run into the text: font size, print and mail; its comment box; a template's
    # placeholders the crawler saw before the script filled them
    ("Hội nghị sơ kết công tác xây dựng Đảng A A In Email Sáng 5/3, Huyện ủy tổ chức hội nghị sơ kết.",
     "Hội nghị sơ kết công tác xây dựng Đảng Sáng 5/3, Huyện ủy tổ chức hội nghị sơ kết.", "widget"),
    ("Chi bộ đã kết nạp 3 đảng viên mới. Minh Anh Ý kiến ( ) 0 / 500 ký tự Gửi Quan tâm nhất Mới nhất",
     "Chi bộ đã kết nạp 3 đảng viên mới. Minh Anh", "widget"),
    ("Đang tải dữ liệu Trực tiếp {{item.name}} {{item.description}} Đảng bộ xã tổ chức đại hội điểm.",
     "Trực tiếp Đảng bộ xã tổ chức đại hội điểm.", "widget"),
    # a button label in capitals amid lower-case text; the same words in a heading in capitals stay
    ("Hội đồng bầu cử quốc gia ban hành Hướng dẫn 02-HD/HĐBCQG năm 2025 TẢI VỀ về tổ chức bầu cử ở cơ sở.",
     "Hội đồng bầu cử quốc gia ban hành Hướng dẫn 02-HD/HĐBCQG năm 2025 về tổ chức bầu cử ở cơ sở.", "download"),
    ("Toàn văn tài liệu hướng dẫn nghiệp vụ bầu cử do Hội đồng biên soạn: TẠI ĐÂY",
     "Toàn văn tài liệu hướng dẫn nghiệp vụ bầu cử do Hội đồng biên soạn:", "download"),
    # a date stamp run into the text of a page crawled as one block, and a related list's times
    ("Tàng trữ ma túy là vụ việc nổi cộm. Thứ Sáu, ngày 09/01/2026 - 11:37 Bắt đối tượng tàng trữ ma túy.",
     "Tàng trữ ma túy là vụ việc nổi cộm. Bắt đối tượng tàng trữ ma túy.", "dateline"),
    ("Chi bộ tốt thì mọi việc sẽ tốt. 16:26 | 29/11/2025 Xã Bình Nguyên đổi mới sinh hoạt chi bộ",
     "Chi bộ tốt thì mọi việc sẽ tốt. Xã Bình Nguyên đổi mới sinh hoạt chi bộ", "timestamp"),
    # a share bar run into the text (three of its buttons or more)
    ("Tỉnh đã sắp xếp bộ máy. Zalo Facebook Twitter Lưu bài viết Bản in Copy link Từ ngày 1/7, hai cấp vận hành.",
     "Tỉnh đã sắp xếp bộ máy. Từ ngày 1/7, hai cấp vận hành.", "widget"),
    # a page's tags run into its last line, without a colon
    ("Đảng bộ xã hoàn thành 100% chỉ tiêu nghị quyết đề ra. Thu Hà Tags Đại hội Đảng bộ xã Tân Hưng nhiệm kỳ 2025 - 2030",
     "Đảng bộ xã hoàn thành 100% chỉ tiêu nghị quyết đề ra. Thu Hà", "tags"),
    ("Lưu bài viết thành công Bạn có thể xem lại bài viết đã lưu ở trang Tin bài đã lưu Mỗi dịp kỷ niệm ngày thành lập Đảng, chúng ta ôn lại truyền thống.",
     "Mỗi dịp kỷ niệm ngày thành lập Đảng, chúng ta ôn lại truyền thống.", "save"),
    ("Đây là nhiệm vụ trọng tâm của năm. Nguồn: [Link nguồn]Nguồn: [Link nguồn]",
     "Đây là nhiệm vụ trọng tâm của năm.", "source"),
    ("**Điều 3.** Quy định này có hiệu lực kể từ ngày ký.", "Điều 3. Quy định này có hiệu lực kể từ ngày ký.", "markup"),
    ("Ông Lê Văn Tám phát biểu tại hội nghị. Ảnh: VGP/Nhật Bắc Đề cập đến công tác cán bộ, ông cho biết tỉnh đã hoàn thành quy hoạch.",
     "Đề cập đến công tác cán bộ, ông cho biết tỉnh đã hoàn thành quy hoạch.", "caption"),
    ("Sáng 12/3, tỉnh tổ chức hội nghị tổng kết. Đồng chí Bí thư Tỉnh ủy trao cờ thi đua. (Ảnh: Thanh Vũ/TTXVN)",
     "Sáng 12/3, tỉnh tổ chức hội nghị tổng kết. Đồng chí Bí thư Tỉnh ủy trao cờ thi đua.", "caption"),
    ("Năm 2025, tăng trưởng kinh tế đạt 8,2%. Ảnh minh họa. Để đạt mục tiêu, tỉnh đẩy mạnh đầu tư công.",
     "Năm 2025, tăng trưởng kinh tế đạt 8,2%. Để đạt mục tiêu, tỉnh đẩy mạnh đầu tư công.", "caption"),
    # a bracketed source credit is a photo credit too: the caption run in before it goes with it
    ("Hội nghị diễn ra chiều 27/6. Phó Thủ tướng chủ trì cuộc họp. (Nguồn: VGP) Theo báo cáo, 34 tỉnh đã hoàn thành.",
     "Hội nghị diễn ra chiều 27/6. Theo báo cáo, 34 tỉnh đã hoàn thành.", "caption"),
    # ... in lower case, or a whole '(Ảnh minh họa)' after a caption without a full stop; a credit
    # ends before the next sentence, also one that opens with a quotation
    ("Phó Thủ tướng chủ trì cuộc họp (nguồn: VGP). Theo báo cáo, 34 tỉnh đã hoàn thành.",
     "Theo báo cáo, 34 tỉnh đã hoàn thành.", "caption"),
    ("Xã đã bố trí đủ cán bộ. Mỗi xã bình quân có 32 biên chế (Ảnh minh hoạ) Theo kế hoạch, xã rà soát trước 30/9.",
     "Xã đã bố trí đủ cán bộ. Theo kế hoạch, xã rà soát trước 30/9.", "caption"),
    ("Đảng viên mới có phải kiểm điểm cuối năm không? (Hình từ Internet) Căn cứ Điều 2 Quy định 366-QĐ/TW như sau.",
     "Căn cứ Điều 2 Quy định 366-QĐ/TW như sau.", "caption"),
    ("Bão gây thiệt hại lớn. Bộ đội giúp dân sửa nhà tại xã Lộc An. Ảnh: Minh Trang - TTXVN “Chúng tôi sẽ ở lại "
     "đến khi xong”, Chỉ huy trưởng cho biết.",
     "Bão gây thiệt hại lớn. “Chúng tôi sẽ ở lại đến khi xong”, Chỉ huy trưởng cho biết.", "caption"),
    # a caption run into a page crawled as one block, echoed by the sentence after it
    ("Tại buổi lễ, Giám đốc Sở đã trao quyết định. Giám đốc Sở Nội vụ Lê Văn An phát biểu tại buổi lễ. "
     "Phát biểu tại buổi lễ, ông An cho biết sở sẽ hoàn thành sắp xếp trong tháng 7.",
     "Tại buổi lễ, Giám đốc Sở đã trao quyết định. Phát biểu tại buổi lễ, ông An cho biết sở sẽ hoàn thành "
     "sắp xếp trong tháng 7.", "caption"),
    # ... or by the person it shows, named again at the start of the next sentence
    ("Kỳ họp bế mạc chiều 20/6. Bà Trần Thị Hoa, Chủ tịch HĐND tỉnh phát biểu bế mạc kỳ họp. Bà Trần Thị Hoa cho "
     "biết kỳ họp đã thông qua 12 nghị quyết.",
     "Kỳ họp bế mạc chiều 20/6. Bà Trần Thị Hoa cho biết kỳ họp đã thông qua 12 nghị quyết.", "caption"),
    # ... even when the person's title makes the caption long
    ("Kỳ họp thông qua 12 nghị quyết. Ông Lê Văn Hùng, Phó Chủ tịch Thường trực Hội đồng nhân dân tỉnh Nam Định "
     "phát biểu bế mạc kỳ họp. Ông Lê Văn Hùng cho biết kỳ họp đã hoàn thành chương trình.",
     "Kỳ họp thông qua 12 nghị quyết. Ông Lê Văn Hùng cho biết kỳ họp đã hoàn thành chương trình.", "caption"),
    # ... or, short, by how a caption opens ('Quang cảnh', 'Các đại biểu')
    ("Hội nghị đã thông qua 5 nghị quyết chuyên đề. Các đại biểu biểu quyết thông qua nghị quyết. Kết thúc hội "
     "nghị, Ban Thường vụ giao nhiệm vụ cho các chi bộ.",
     "Hội nghị đã thông qua 5 nghị quyết chuyên đề. Kết thúc hội nghị, Ban Thường vụ giao nhiệm vụ cho các chi bộ.",
     "caption"),
    # a page's weekday stamp run into the lead it opens, without a time zone
    ("Thứ Ba, 11/03/2025 - 09:15 Sáng 11/3, Huyện ủy tổ chức hội nghị sơ kết công tác quý I.",
     "Sáng 11/3, Huyện ủy tổ chức hội nghị sơ kết công tác quý I.", "dateline"),
    # a paper's note introducing the article it runs
    ("Đảng viên phải sống xứng đáng với niềm tin của nhân dân. Báo Tiền Phong trân trọng giới thiệu bài viết của "
     "đồng chí Bí thư Thành ủy: VỮNG BƯỚC ĐI LÊN!", "Đảng viên phải sống xứng đáng với niềm tin của nhân dân.", "editor"),
    # citation markers of an encyclopedia page; the words a glued one held apart stay apart
    ("Ban Tổ chức [1][2] trực thuộc Tỉnh ủy, thành lập năm 1946.", "Ban Tổ chức trực thuộc Tỉnh ủy, thành lập năm 1946.",
     "footnote"),
    ("Theo Điều lệ Đảng[3]thì tổ chức cơ sở đảng có 3 loại.[12]", "Theo Điều lệ Đảng thì tổ chức cơ sở đảng có 3 loại.",
     "footnote"),
    ("Tỉnh có 9 huyện (rất sớm)[cần dẫn nguồn] và thành lập năm 1831.[ghi chú 2]",
     "Tỉnh có 9 huyện (rất sớm) và thành lập năm 1831.", "footnote"),
    ("### Nhiệm vụ và quyền hạn", "Nhiệm vụ và quyền hạn", "markup"),
    ("[sửa | sửa mã nguồn]### Nhiệm vụ", "Nhiệm vụ", None),
    ("[sửa | sửa mã nguồn]Đại hội lần thứ I của Đảng bộ tỉnh họp vào tháng 3 năm 1977.",
     "Đại hội lần thứ I của Đảng bộ tỉnh họp vào tháng 3 năm 1977.", "edit-link"),
]


def test_a_short_sentence_of_the_text_is_no_caption_without_its_echo():
    line = "Bí thư Huyện ủy Lê Văn An chủ trì hội nghị. Hội nghị đã thảo luận và thống nhất các nội dung."
    dropped = []
    assert strip_inline(line, dropped) == line and not dropped


@pytest.mark.parametrize("line, kept, reason", INLINE)
def test_in_line_furniture_goes_and_says_why(line, kept, reason):
    dropped = []
    assert strip_inline(line, dropped) == kept
    assert dropped and all(d.reason == reason for d in dropped if reason)


def test_a_heading_in_capitals_keeps_its_words():
    for line in ("HƯỚNG DẪN TẢI VỀ VÀ SỬ DỤNG PHẦN MỀM", "Kết quả bầu cử được niêm yết TẠI ĐÂY KHU VỰC BỎ PHIẾU SỐ 3"):
        assert strip_inline(line, []) == line


@pytest.mark.parametrize("line", [
    "Ảnh hưởng của dịch bệnh khiến nhiều chi bộ phải sinh hoạt trực tuyến.",
    # a source cited inside a sentence is no photo credit
    "Theo Sở Nội vụ (nguồn: báo cáo tổng kết năm 2024), toàn tỉnh có 1.200 cán bộ cấp xã.",
    # two networks named in a sentence are no share bar
    "Người dân liên hệ qua trang Facebook Zalo của phường.",
])
def test_a_line_without_furniture_is_untouched(line):
    dropped = []
    assert strip_inline(line, dropped) == line and dropped == []


GLUED = [
    ("Sau 5 năm đổi mớiMột số kết quả nổi bật", ["Sau 5 năm đổi mới", "Một số kết quả nổi bật"]),
    ("Đoàn viên tham gia đóng góp ý kiến tại tỉnh Trong những năm qua, phong trào phát triển mạnh.",
     ["Đoàn viên tham gia đóng góp ý kiến tại tỉnh", "Trong những năm qua, phong trào phát triển mạnh."]),
    ("Hội nghị diễn ra vào Ngày hội Đại đoàn kết.", ["Hội nghị diễn ra vào Ngày hội Đại đoàn kết."]),
    ("Công ty dùng iPhone, YouTube tại TP.HCM; PGS.TS Nguyễn Văn An và MTTQVN dự.",
     ["Công ty dùng iPhone, YouTube tại TP.HCM; PGS.TS Nguyễn Văn An và MTTQVN dự."]),
]


GLUED += [
    # any word that opens a sentence and is never part of a name, before a lower-case word
    ("Bí thư Tỉnh ủy tặng hoa chúc mừng các đảng viên Với tinh thần đó, chi bộ đã hoàn thành nhiệm vụ.",
     ["Bí thư Tỉnh ủy tặng hoa chúc mừng các đảng viên", "Với tinh thần đó, chi bộ đã hoàn thành nhiệm vụ."]),
    # a name (its next word capitalised), a title quoted by name, title case: one line
    ("Đồng chí Trần Văn Tuy nhấn mạnh thị xã Từ Sơn đã sáp nhập 12 thôn.",
     ["Đồng chí Trần Văn Tuy nhấn mạnh thị xã Từ Sơn đã sáp nhập 12 thôn."]),
    ("Chi bộ học tập Quy định về Những điều đảng viên không được làm.",
     ["Chi bộ học tập Quy định về Những điều đảng viên không được làm."]),
    ("Nâng Cao Chất Lượng Sinh Hoạt Chi Bộ Trong Tình Hình Mới",
     ["Nâng Cao Chất Lượng Sinh Hoạt Chi Bộ Trong Tình Hình Mới"]),
    # a web address is no glued block, whatever its letters; the text around it still is
    ("Nguồn: https://dangbo.example.vn/tin?id=QwErTyuIop đổi mớiMột", ["Nguồn: https://dangbo.example.vn/tin?id=QwErTyuIop đổi mới", "Một"]),
]


@pytest.mark.parametrize("text, lines", GLUED)
def test_glued_blocks_are_split_and_legitimate_forms_are_not(text, lines):
    assert split_glued(text).replace(CAPTION, "").split("\n") == lines


def test_a_caption_glued_between_two_paragraphs_is_marked():
    text = ("Tỉnh đã cấp 1.200 thẻ bảo hiểm y tế cho người nghèo. Cán bộ kiểm tra hồ sơ tại Bảo hiểm xã hội tỉnh "
            "Trong những năm qua, tỉnh luôn quan tâm công tác này.")
    lines = split_glued(text).split("\n")
    assert lines[1] == CAPTION + "Cán bộ kiểm tra hồ sơ tại Bảo hiểm xã hội tỉnh"


def test_an_unpunctuated_run_with_a_reported_tense_is_not_a_caption():
    text = ("Ban Thường vụ Huyện ủy kiểm tra 12 chi bộ. Qua kiểm tra, các chi bộ đã khắc phục hạn chế "
            "Trong năm, huyện kết nạp 86 đảng viên mới.")
    assert CAPTION not in split_glued(text)


def test_a_caption_without_credit_run_into_news_text_is_marked():
    text = ("Thay mặt lãnh đạo Đảng, đồng chí Bí thư đã trao Huy hiệu 40 năm tuổi Đảng cho các đảng viên. "
            "Đồng chí Bí thư Huyện ủy trao Huy hiệu Đảng và tặng hoa chúc mừng các đảng viên "
            "Những năm tháng công tác, các đồng chí luôn giữ vững phẩm chất chính trị.")
    lines = split_glued(text).split("\n")
    assert lines[1] == CAPTION + "Đồng chí Bí thư Huyện ủy trao Huy hiệu Đảng và tặng hoa chúc mừng các đảng viên"


PAGE = """Hội nghị sơ kết công tác xây dựng Đảng 6 tháng đầu năm
Thứ Ba, 28/08/2018, 09:35:21
Sáng 27/8, Ban Thường vụ Huyện ủy Phú Giáo tổ chức hội nghị sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2018.
Quang cảnh hội nghị.
Sáu tháng đầu năm, Đảng bộ huyện đã kết nạp 86 đảng viên mới, đạt 57% kế hoạch năm.
>> Xem thêm: Huyện Phú Giáo tổng kết công tác dân vận
TẢI VỀ Mẫu báo cáo sơ kết 6 tháng
Quý khách cần hỏi thêm thông tin về công tác Đảng có thể đặt câu hỏi tại đây.
(Hình từ Internet)
* Mời bạn đọc vào chuyên mục Xây dựng Đảng xem các tin, bài liên quan.
"""


def test_a_page_keeps_its_text_and_lists_what_it_dropped():
    doc = clean(RawDocument("page.txt", PAGE.encode(), PAGE, "txt"))
    first, lead = [line for line in doc.text.splitlines() if line][:2]
    assert first == doc.metadata.title and lead.startswith("Sáng 27/8")  # the page's own title line stays
    assert "kết nạp 86 đảng viên mới" in doc.text
    for furniture in ("Quang cảnh", "Xem thêm", "TẢI VỀ", "Quý khách", "Internet", "Mời bạn đọc", "09:35"):
        assert furniture not in doc.text, furniture
    reasons = {d.reason for d in doc.metadata.dropped}
    assert {"caption", "see-also", "download", "contact", "related", "dateline"} <= reasons
    assert doc.metadata.date == "2018-08-28"


PORTRAITS = [("Ông Vương Đình Huệ", True), ("Ông Bùi Văn Cường (trái) và ông Nguyễn Văn Thể", True),
             ("Ông Lê Văn Thành T.N", True), ("Đồng chí Lê Minh Hưng giữ chức Trưởng Ban Tổ chức Trung ương", False)]


@pytest.mark.parametrize("line, expected", PORTRAITS)
def test_a_portrait_caption_names_only_its_person(line, expected):
    assert looks_like_caption(line) is expected


HEADLINE_PAGE = """Trung ương khai trừ khỏi Đảng các ông Trần Văn An, Lê Văn Bình
LÊ HOA - Thứ năm, 16/05/2024 17:33 (GMT+7)
Ngày 16.5, tại trụ sở Trung ương Đảng, Hội nghị lần thứ 9 Ban Chấp hành Trung ương Đảng khóa XIII đã khai mạc.
Ông Trần Văn An
Thông cáo cho biết, các ông đã vi phạm nghiêm trọng quy định của Đảng, pháp luật của Nhà nước.
9 lượt xem
"""


def test_a_headline_repeated_in_full_under_a_cut_title_goes():
    raw = RawDocument("p.md", HEADLINE_PAGE.encode(), HEADLINE_PAGE, "md",
                      title="[Trần Văn An] Trung ương khai trừ khỏi Đảng các ông Trần Văn An, Lê ...")
    doc = clean(raw)
    assert doc.text.startswith("Ngày 16.5")
    assert "Ông Trần Văn An" not in doc.text.split("\n\n")
    assert "lượt xem" not in doc.text and "17:33" not in doc.text
    assert {d.reason for d in doc.metadata.dropped} >= {"title", "caption", "counter"}


LISTING = """Ban Thường vụ Huyện ủy sơ kết công tác kiểm tra, giám sát
Trong 6 tháng, Ủy ban Kiểm tra Huyện ủy đã kiểm tra 14 tổ chức đảng và 23 đảng viên.
Thứ 3, 02/12/2025 08:15 [(GMT +7)]
Huyện ủy đề nghị các chi bộ tiếp tục khắc phục hạn chế sau kiểm tra.
Thứ Tư, 03/12/2025, 10:40 (GMT+07:00)
Tin xem nhiều 1 Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 12 2 Trao Huy hiệu Đảng đợt 3/2
Các chi bộ cần hoàn thành báo cáo trước ngày 15/12.
Liên kết website - Cơ quan Đảng - Báo Nhân Dân - Cổng thông tin tỉnh
"""


def test_stamps_and_portal_boxes_in_the_middle_of_a_page_go():
    doc = clean(RawDocument("listing.txt", LISTING.encode(), LISTING, "txt"))
    for furniture in ("08:15", "10:40", "GMT", "Tin xem nhiều", "Liên kết website"):
        assert furniture not in doc.text, furniture
    for text in ("kiểm tra 14 tổ chức đảng", "tiếp tục khắc phục hạn chế", "trước ngày 15/12"):
        assert text in doc.text, text


def test_the_page_stamp_wins_over_a_later_feed_date():
    raw = RawDocument("p.md", HEADLINE_PAGE.encode(), HEADLINE_PAGE, "md", date="Fri, 17 May 2024 08:00:00 +0700")
    assert clean(raw).metadata.date == "2024-05-16"
    crawled = RawDocument("p.md", HEADLINE_PAGE.encode(), HEADLINE_PAGE, "md", date="2025-01-19")
    assert clean(crawled).metadata.date == "2024-05-16"  # a crawl months later: the page's stamp stands


LINES_THAT_GO = [
    # a line saying what is in the photo is a caption
    ("Công an tỉnh triệt phá đường dây đánh bạc qua mạng với 12 đối tượng.\n"
     "Lực lượng chức năng khám xét nơi ở. Trong ảnh: Các đối tượng tại cơ quan điều tra.\n"
     "Quá trình điều tra, cơ quan công an thu giữ 40 điện thoại và nhiều tài liệu liên quan.\n",
     "Trong ảnh", "thu giữ 40 điện thoại", "caption"),
    # an encyclopedia's maintenance notice goes; italics markers glued to a bracket go
    ("Bài viết này cần thêm chú thích nguồn gốc để kiểm chứng thông tin.\n"
     "Tỉnh ủy lãnh đạo toàn diện công tác xây dựng Đảng *(trích Báo cáo chính trị)* trong nhiệm kỳ.\n",
     "chú thích nguồn gốc", "công tác xây dựng Đảng (trích Báo cáo chính trị) trong nhiệm kỳ", "notice"),
    # a link to download a file 'tại đây' goes; a sentence about 'here' stays
    ("Huyện ủy ban hành kế hoạch học tập nghị quyết trong toàn Đảng bộ.\n"
     "File pdf kế hoạch tải tại đây: [](/files/ke-hoach.pdf)\n"
     "Hội nghị quán triệt nghị quyết đã được tổ chức tại đây vào sáng 12/3.\n",
     "tải tại đây", "tổ chức tại đây vào sáng 12/3", "download"),
    # a Q&A site's disclaimer, its pointer to the document and its lead-in to a file go; a sentence on
    # what the regulation is for stays
    ("Quy định 366 khung tiêu chí đánh giá đảng viên nhằm mục đích tham khảo thống nhất trong toàn Đảng.\n"
     "(*) Lưu ý: Thông tin về \"Mẫu bản kiểm điểm đảng viên 2025\" chỉ mang tính chất tham khảo.\n",
     "chỉ mang tính chất tham khảo", "nhằm mục đích tham khảo thống nhất", "notice"),
    ("Ban Tổ chức Trung ương hướng dẫn kiểm điểm cuối năm đối với tập thể và cá nhân.\n"
     "Xem chi tiết thêm tại Hướng dẫn 43-HD/BTCTW năm 2025 ban hành ngày 31/10/2025.\n",
     "Xem chi tiết thêm tại", "kiểm điểm cuối năm", "see-also"),
    ("Chi bộ hoàn thành kiểm điểm trước ngày 15/12 theo hướng dẫn của cấp trên.\n"
     "Dưới đây là file word mẫu bản kiểm điểm đảng viên 2025 (Mẫu 2B):\n",
     "file word mẫu", "hoàn thành kiểm điểm trước ngày 15/12", "download"),
    ("Chi bộ hoàn thành kiểm điểm trước ngày 15/12 theo hướng dẫn của cấp trên.\n"
     "Tải trọn bộ biểu mẫu kiểm điểm đảng viên 2025 theo Hướng dẫn 43\n",
     "Tải trọn bộ", "hoàn thành kiểm điểm trước ngày 15/12", "download"),
]


@pytest.mark.parametrize("page, gone, kept, reason", LINES_THAT_GO)
def test_a_line_of_furniture_goes_with_its_reason(page, gone, kept, reason):
    doc = cleaned(page, "page.md")
    assert gone not in doc.text and kept in doc.text
    assert any(d.reason == reason and gone in d.text for d in doc.metadata.dropped)


def test_a_page_crawled_as_one_block_loses_the_headline_it_opens_with():
    title = "Tổng hợp số cán bộ cấp xã còn thiếu? Nguyên tắc bố trí thế nào?"
    body = title + " Dưới đây là thông tin tổng hợp số cán bộ cấp xã còn thiếu theo báo cáo của 30 tỉnh."
    doc = clean(RawDocument("r.json", body.encode(), body, "json", title=title))
    assert doc.text.startswith("Dưới đây là thông tin tổng hợp")
    assert any(d.reason == "title" for d in doc.metadata.dropped)


@pytest.mark.parametrize("line", ["Zalo Facebook Twitter Lưu bài viết Bản in Copy link", "[3]", "[4] [5]",
                                  "---|---|---", "./", "___________________"])
def test_share_rows_and_bare_citation_markers_are_lines_of_furniture(line):
    page = f"Sáng 5/3, Huyện ủy tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2024.\n{line}\n"
    doc = cleaned(page, "page.txt")
    assert line not in doc.text and any(d.text == line for d in doc.metadata.dropped)


def test_the_entries_of_a_table_of_contents_go_and_the_headings_they_list_stay():
    page = ("Ban Tổ chức Trung ương vừa ban hành hướng dẫn mới về công tác quy hoạch cán bộ năm 2025.\n"
            "Nội dung chính\n"
            "Điều kiện về tuổi khi giới thiệu quy hoạch\n"
            "Mẫu biên bản kiểm phiếu giới thiệu nhân sự quy hoạch các chức danh...\n"
            "Điều kiện về tuổi khi giới thiệu quy hoạch\n"
            "Cán bộ được giới thiệu quy hoạch phải đủ tuổi công tác ít nhất hai nhiệm kỳ.\n"
            "Mẫu biên bản kiểm phiếu giới thiệu nhân sự quy hoạch các chức danh lãnh đạo, quản lý\n"
            "Biên bản ghi rõ số phiếu phát ra, số phiếu thu về và kết quả kiểm phiếu.\n")
    doc = cleaned(page, "page.md")
    lines = [line for line in doc.text.splitlines() if line]
    assert lines.count("Điều kiện về tuổi khi giới thiệu quy hoạch") == 1  # the heading, not its entry
    assert not any(line.endswith("...") for line in lines)
    assert sum(d.reason == "toc" for d in doc.metadata.dropped) == 3  # the mark and two entries


SECTION_PAGE = """Ban Thường vụ Tỉnh ủy làm việc với Đảng ủy Khối các cơ quan tỉnh về công tác cán bộ năm 2025.
Đồng chí Bí thư Tỉnh ủy đề nghị Đảng ủy Khối tập trung xây dựng tổ chức cơ sở đảng trong sạch, vững mạnh.
Cùng chuyên mục Hội Nông dân huyện tổng kết phong trào thi đua năm 2025
Sáng 1/12, Hội Nông dân huyện tổ chức hội nghị tổng kết phong trào thi đua.
01/12/2025 Trao quyết định bổ nhiệm Phó Giám đốc Sở Nội vụ
Sáng 1/12, UBND tỉnh tổ chức hội nghị công bố quyết định bổ nhiệm cán bộ.
Huyện đoàn ra quân hưởng ứng Tháng thanh niên năm 2026
Chiều 30/11, Huyện đoàn tổ chức lễ ra quân.
"""


def test_a_section_list_run_into_its_heading_goes_with_everything_after_it():
    """'Cùng chuyên mục <title>' starts the list of a section's other stories wherever it stands."""
    doc = clean(RawDocument("portal.txt", SECTION_PAGE.encode(), SECTION_PAGE, "txt"))
    assert "tổ chức cơ sở đảng trong sạch, vững mạnh" in doc.text
    for furniture in ("Cùng chuyên mục", "Hội Nông dân", "Phó Giám đốc Sở Nội vụ", "Huyện đoàn"):
        assert furniture not in doc.text, furniture


ARTICLE = """Đồng chí Lê Văn An sinh năm 1960 tại huyện Phù Cừ, tỉnh Hưng Yên.
Năm 1985, đồng chí được kết nạp vào Đảng Cộng sản Việt Nam.
Từ năm 2010 đến năm 2015, đồng chí giữ chức Bí thư Huyện ủy Phù Cừ.
Năm 2015, đồng chí được bầu làm Phó Bí thư Tỉnh ủy.
Ghi chú: nhiệm kỳ tính theo năm được bầu.
Năm 2020, đồng chí nghỉ hưu theo chế độ.
Tham khảo
"Tiểu sử đồng chí Lê Văn An". Cổng thông tin tỉnh. Truy cập ngày 3 tháng 5 năm 2024.
"Hưng Yên có tân Phó Bí thư Tỉnh ủy". Báo địa phương. ngày 10 tháng 6 năm 2015.
"""


def test_the_reference_list_under_an_end_heading_goes_and_a_note_in_the_text_stays():
    doc = clean(RawDocument("bio.txt", ARTICLE.encode(), ARTICLE, "txt"))
    assert "Ghi chú: nhiệm kỳ" in doc.text and "nghỉ hưu theo chế độ" in doc.text
    for furniture in ("Tham khảo", "Tiểu sử đồng chí", "Truy cập", "tân Phó Bí thư"):
        assert furniture not in doc.text, furniture


CLOSING_LIST = """Ban Tổ chức Trung ương có các đơn vị giúp việc và đơn vị sự nghiệp trực thuộc như sau.
Vụ Tổ chức - Điều lệ
Vụ Địa phương II (tại Đà Nẵng)
Viện Khoa học tổ chức, cán bộ
Tạp chí Xây dựng Đảng
"""


def test_a_closing_list_of_bodies_is_text_and_a_closing_name_is_a_signature():
    doc = clean(RawDocument("list.txt", CLOSING_LIST.encode(), CLOSING_LIST, "txt"))
    for item in ("Vụ Địa phương II", "Viện Khoa học tổ chức, cán bộ", "Tạp chí Xây dựng Đảng"):
        assert item in doc.text, item
    signed = CLOSING_LIST.split("Vụ Tổ chức")[0] + "Minh Châu\n"
    doc = cleaned(signed, "signed.txt")
    assert "Minh Châu" not in doc.text and "byline" in {d.reason for d in doc.metadata.dropped}


@pytest.mark.parametrize("line", ["Bước 4: Lập danh sách bầu cử, hội nghị biểu quyết thông qua danh sách.",
                                  "Nội dung 2: Các đại biểu thảo luận, biểu quyết thông qua nghị quyết."])
def test_a_labelled_step_is_no_caption(line):
    assert looks_like_caption(line) is False


TEASED_PAGE = """Thủ tướng kỷ luật nguyên Chủ tịch UBND tỉnh do có những vi phạm, ...
LÊ HOA - Thứ năm, 20/06/2024 18:35 (GMT+7)
Thủ tướng kỷ luật nguyên Chủ tịch UBND tỉnh do có những vi phạm, khuyết điểm trong công tác cán bộ.
Mới: Tiếp tục tăng lương cơ sở năm 2026 cho cán bộ, công chức
NÓNG: Toàn văn kết luận về chấn chỉnh lề lối làm việc
Ủy ban Kiểm tra Trung ương đã đề nghị xem xét, thi hành kỷ luật theo quy định của Đảng.
"""


def test_a_stamp_after_a_teaser_is_still_in_the_head_and_labelled_links_go():
    raw = RawDocument("p.md", TEASED_PAGE.encode(), TEASED_PAGE, "md", date="2024-06-21")
    doc = clean(raw)
    assert "GMT" not in doc.text and doc.metadata.date == "2024-06-20"
    assert "Mới:" not in doc.text and "NÓNG" not in doc.text
    assert "khuyết điểm trong công tác cán bộ" in doc.text and "thi hành kỷ luật theo quy định" in doc.text


PORTAL_BLOCK = ("news Chính trị Thứ 2, 01/12/2025 17:34 [(GMT +7)] Thường trực Huyện ủy làm việc với Đoàn công tác "
                "Thứ 5, 27/11/2025 | 14:50:49 [GMT +7] Sáng ngày 27/11, tại trụ sở Huyện ủy, Thường trực Huyện ủy đã "
                "làm việc với Đoàn công tác của Bộ Chỉ huy Quân sự tỉnh về công tác quốc phòng địa phương.\n")


def test_stamps_run_into_a_block_go_and_the_earliest_dates_the_page():
    """A portal stamps its page with today's date as well as the article's: the earliest is the article's."""
    doc = clean(RawDocument("portal.txt", PORTAL_BLOCK.encode(), PORTAL_BLOCK, "txt"))
    assert "GMT" not in doc.text and "14:50" not in doc.text
    assert "công tác quốc phòng địa phương" in doc.text
    assert doc.metadata.date == "2025-11-27"


MEMBERS = """Ủy ban Kiểm tra Huyện ủy khóa mới gồm các đồng chí có tên sau đây, được hội nghị bầu với số phiếu cao.
Đồng chí Trần Văn An, Chủ nhiệm
Đồng chí Lê Thị Bình, Phó Chủ nhiệm
Đồng chí Nguyễn Văn Cường
Đồng chí Phạm Văn Dũng
Hội nghị cũng thông qua quy chế làm việc của Ủy ban Kiểm tra trong nhiệm kỳ mới của huyện.
"""


def test_a_list_of_members_is_no_run_of_portrait_captions():
    doc = clean(RawDocument("members.txt", MEMBERS.encode(), MEMBERS, "txt"))
    for name in ("Nguyễn Văn Cường", "Phạm Văn Dũng", "Lê Thị Bình"):
        assert name in doc.text, name


OFFICIAL = """ĐẢNG CỘNG SẢN VIỆT NAM
Hà Nội, ngày 19 tháng 11 năm 2025
HƯỚNG DẪN
về đổi mới nội dung sinh hoạt chi bộ
Các cấp ủy chỉ đạo chi bộ đổi mới nội dung sinh hoạt, bảo đảm thiết thực, hiệu quả và đúng quy định.
Nơi nhận:
Bộ Chính trị, Ban Bí thư (để báo cáo),
Các tỉnh ủy, thành ủy,
Lưu: VT.
K/T TRƯỞNG BAN
"""


def test_an_official_documents_motto_recipients_and_signature_mark_go_and_its_text_stays():
    doc = clean(RawDocument("hd.txt", OFFICIAL.encode(), OFFICIAL, "txt"))
    assert "đổi mới nội dung sinh hoạt, bảo đảm thiết thực" in doc.text
    for furniture in ("ĐẢNG CỘNG SẢN VIỆT NAM", "Nơi nhận", "để báo cáo", "Các tỉnh ủy, thành ủy,", "Lưu: VT", "K/T"):
        assert furniture not in doc.text, furniture


LEGAL_PAGE = """Thông báo kết luận của Thường trực Ban Bí thư về công tác y tế
Số hiệu:
432-TB/VPTW
Người ký:
Trần Văn An
Ngày ban hành:
26/11/2025
Tình trạng: Đã biết
Đang tải văn bản...
Thường trực Ban Bí thư yêu cầu Đảng ủy Bộ Y tế tập trung lãnh đạo đổi mới hệ thống y tế cơ sở.
Văn bản liên quan
Ban hành: 12/04/2025
Hiệu lực: Đã biết
"""


def test_a_legal_databases_record_of_a_document_goes_and_the_document_stays():
    doc = clean(RawDocument("tb.txt", LEGAL_PAGE.encode(), LEGAL_PAGE, "txt"))
    assert "tập trung lãnh đạo đổi mới hệ thống y tế cơ sở" in doc.text
    for furniture in ("Số hiệu", "432-TB/VPTW\n", "Người ký", "Trần Văn An", "26/11/2025", "Đã biết", "Đang tải",
                      "Văn bản liên quan", "12/04/2025"):
        assert furniture not in doc.text + "\n", furniture


COPYRIGHTED = """Bản dịch này thuộc quyền sở hữu của Trang Luật Mẫu. Mọi hành vi sao chép, đăng tải lại mà không có sự đồng ý của
Trang Luật Mẫu là vi phạm pháp luật về Sở hữu trí tuệ.
Trang Luật Mẫu has the copyright on this translation.
ĐẢNG BỘ TỈNH PHÚ THỌ
*Việt Trì, ngày
26 tháng 11 năm 2025*
KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY
Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy tập trung lãnh đạo công tác chăm sóc trẻ em có hoàn cảnh đặc biệt.
© 2025 Trang Luật Mẫu. Bản quyền thuộc về Công ty Luật Mẫu.
"""


def test_a_copyright_notice_goes_and_a_date_line_split_after_ngay_dates_the_document():
    # the notice is no prose: the document's place-and-date line is its head again and dates it
    doc = clean(RawDocument("kl.md", COPYRIGHTED.encode(), COPYRIGHTED, "md"))
    assert doc.metadata.date == "2025-11-26"
    assert "tập trung lãnh đạo công tác chăm sóc trẻ em" in doc.text
    for notice in ("thuộc quyền sở hữu", "sao chép", "Sở hữu trí tuệ", "copyright", "©", "Bản quyền"):
        assert notice not in doc.text, notice


def test_a_portals_closing_boxes_run_into_a_block_go_to_its_end():
    block = ("Hội nghị được tổ chức trực tiếp kết hợp trực tuyến với 104 điểm cầu phường, xã. 20:19 | 28/11/2025 "
             "Tin xem nhiều 1 Hành trình khổ luyện của chàng trai quê lúa Liên kết website - Báo Nhân Dân\n")
    doc = cleaned(block, "block.txt")
    assert "104 điểm cầu phường, xã." in doc.text
    assert "Tin xem nhiều" not in doc.text and "Liên kết website" not in doc.text and "khổ luyện" not in doc.text


def test_a_table_of_contents_run_into_one_line_and_a_download_link_in_a_heading_go():
    page = ("Nội dung chính Mẫu tờ trình khen thưởng chi bộ? Tiêu chí khen thưởng gồm những gì?\n"
            "Mẫu tờ trình khen thưởng chi bộ? Tải về Mẫu tờ trình khen thưởng chi bộ? Ai ký tờ trình?\n"
            "Chi bộ hoàn thành xuất sắc nhiệm vụ được đề nghị khen thưởng theo hướng dẫn của cấp trên.\n")
    doc = cleaned(page, "qa.txt")
    assert "Nội dung chính" not in doc.text and "Tải về" not in doc.text
    assert "Ai ký tờ trình?" in doc.text and "được đề nghị khen thưởng theo hướng dẫn" in doc.text


def test_player_notices_templates_stamps_and_contact_lines_go():
    page = ("Huyện ủy tổng kết công tác xây dựng Đảng năm 2025\n"
            "Hiện tại bài viết chưa được cập nhật nội dung Âm thanh. Xin cảm ơn. Sáng 12/12, Huyện ủy tổ chức "
            "hội nghị tổng kết công tác xây dựng Đảng năm 2025.\n"
            "Toàn huyện kết nạp 215 đảng viên mới, đạt 107% kế hoạch năm.\n"
            "Trực tiếp {{item.name}} {{item.published_at}}\n"
            "Đang tải dữ liệu\n"
            "16:26 | 29/11/2025\n"
            "Email: [email protected]\n"
            "Nếu có thắc mắc, hãy liên hệ tổng đài 1900 6192 để được hỗ trợ.\n")
    doc = cleaned(page, "page.txt")
    assert "Sáng 12/12, Huyện ủy tổ chức" in doc.text and "kết nạp 215 đảng viên mới" in doc.text
    for furniture in ("Âm thanh", "{{", "Đang tải", "16:26", "Email", "tổng đài"):
        assert furniture not in doc.text, furniture


def test_an_official_documents_letterhead_recipients_and_signature_go():
    page = ("ỦY BAN NHÂN DÂN\n\nHUYỆN KIM SƠN\n\nCỘNG HÒA XÃ HỘI\n\nCHỦ NGHĨA VIỆT NAM\n\n"
            "Kim Sơn, ngày 12 tháng 3 năm 2025\n\nKẾ HOẠCH\n\nTuyên truyền bầu cử năm 2026\n\n"
            "Ủy ban nhân dân huyện ban hành kế hoạch tuyên truyền bầu cử với các nội dung sau đây.\n\n"
            "Các xã, thị trấn tổ chức tuyên truyền rộng rãi đến toàn thể cử tri trên địa bàn.\n\n"
            "Ban Thường vụ Huyện ủy,\n\nCác xã, thị trấn\n\nLưu: VT.\n\n"
            "CHỦ TỊCH\n\nTrần Văn Bình\n")
    doc = cleaned(page, "plan.md")
    for gone in ("ỦY BAN NHÂN DÂN", "HUYỆN KIM SƠN", "CHỦ NGHĨA VIỆT NAM", "ngày 12 tháng 3", "Lưu: VT",
                 "Các xã, thị trấn\n", "CHỦ TỊCH", "Trần Văn Bình"):
        assert gone not in doc.text, gone
    assert "KẾ HOẠCH" in doc.text and "tuyên truyền rộng rãi đến toàn thể cử tri" in doc.text
    reasons = {d.reason for d in doc.metadata.dropped}
    assert {"letterhead", "dateline", "recipients", "signature"} <= reasons


def test_an_official_documents_signature_is_found_when_footnotes_follow_and_recipients_after_its_closing_mark():
    body = ("Ủy ban nhân dân huyện ban hành kế hoạch tuyên truyền bầu cử với các nội dung sau đây.\n\n"
            "Phòng Văn hóa và Thông tin chủ trì biên soạn tài liệu, đề cương tuyên truyền.\n\n"
            "Trung tâm Văn hóa huyện tổ chức cổ động trực quan trên các tuyến đường chính.\n\n"
            "Các xã, thị trấn tổ chức tuyên truyền rộng rãi đến toàn thể cử tri trên địa bàn huyện./.\n\n")
    footnote = "Theo Kế hoạch số 12/KH-UBND ngày 3/1/2025 của Ủy ban nhân dân tỉnh về công tác bầu cử.\n"
    signed = (body + "TT. Huyện ủy, TT.HĐND huyện;\n\nUB.MTTQ và các đoàn thể huyện;\n\nLưu: VT, VP.\n\n"
              "TM. ỦY BAN NHÂN DÂN\n\nKT. CHỦ TỊCH\n\nPHÓ CHỦ TỊCH\n\nTrần Văn Bình\n\n" + footnote)
    unsigned = body + "Ban Thường vụ Huyện ủy\n\n(b/c);\n\nCT, PCT UBND huyện;\n\nCác phòng, ban thuộc VP. UBND huyện;\n"
    for page, gone in ((signed, ("TT.HĐND", "UB.MTTQ", "Lưu: VT", "CHỦ TỊCH", "Trần Văn Bình")),
                       (unsigned, ("Ban Thường vụ Huyện ủy", "(b/c)", "CT, PCT", "VP. UBND"))):
        doc = cleaned(page, "plan.md")
        for text in gone:
            assert text not in doc.text, text
        assert "toàn thể cử tri trên địa bàn huyện" in doc.text
    assert "công tác bầu cử" in cleaned(signed, "plan.md").text


def test_a_short_heading_after_a_closing_mark_is_no_recipient_and_a_capital_heading_with_a_name_no_signature():
    page = ("Toàn tỉnh xảy ra 27 vụ tai nạn giao thông, giảm 14 vụ so với tháng trước trên địa bàn./.\n\n"
            "Tin khác\n\nTình hình kinh tế - xã hội của tỉnh trong tháng 12 và cả năm 2024 cùng kỳ\n")
    doc = cleaned(page, "page.md")
    assert all(d.reason != "recipients" for d in doc.metadata.dropped)
    page = ("Bài viết giới thiệu các đồng chí lãnh đạo chủ chốt của tỉnh qua các thời kỳ lịch sử.\n\n"
            "BÍ THƯ TỈNH ỦY\n\nNguyễn Văn An\n\nQuê quán xã Hải Lộc\n\n"
            "Đồng chí Nguyễn Văn An giữ chức Bí thư Tỉnh ủy từ năm 1995 đến năm 2000 và nhiều năm sau đó.\n")
    doc = cleaned(page, "page.md")
    assert "Nguyễn Văn An\n" in doc.text and "BÍ THƯ TỈNH ỦY" in doc.text


def test_an_encyclopedia_infobox_before_the_first_paragraph_goes_and_a_reports_table_stays():
    infobox = ("# Nguyễn Văn An\n\nNguyễn Văn An | |\n|---|---|\n| Chức vụ | |\n| Nhiệm kỳ | 2015 – 2020 |\n"
               "| Tiền nhiệm | Trần Văn Bình |\n| Kế nhiệm | Lê Văn Cường |\n| Sinh | 3 tháng 5, 1960 |\n"
               "| Đảng chính trị | Đảng Cộng sản Việt Nam |\n\n"
               "Nguyễn Văn An (sinh năm 1960) là một chính khách người Việt Nam, nguyên Bí thư Tỉnh ủy.\n\n"
               "Ông sinh ra tại xã Hải Lộc, huyện Hải Hậu, trong một gia đình nông dân có truyền thống cách mạng.\n")
    doc = cleaned(infobox, "an.md")
    assert "Tiền nhiệm" not in doc.text and "Trần Văn Bình" not in doc.text and "Nhiệm kỳ" not in doc.text
    assert "Nguyễn Văn An (sinh năm 1960)" in doc.text and "Đảng chính trị" not in doc.text
    assert "infobox" in {d.reason for d in doc.metadata.dropped}
    report = ("# Báo cáo kết quả công tác xây dựng Đảng năm 2024\n\n"
              "Năm 2024, Đảng bộ huyện lãnh đạo thực hiện thắng lợi các chỉ tiêu chủ yếu như sau.\n\n"
              "| Chỉ tiêu | Kết quả |\n|---|---|\n| Kết nạp đảng viên | 215 đảng viên |\n"
              "| Tổ chức cơ sở đảng | 48 tổ chức |\n| Chi bộ trực thuộc | 312 chi bộ |\n| Đảng viên | 9.120 |\n")
    doc = cleaned(report, "report.md")
    assert "Kết nạp đảng viên" in doc.text and "312 chi bộ" in doc.text


def test_an_official_documents_title_is_the_capitals_under_its_type_line():
    page = ("ỦY BAN NHÂN DÂN\n\nHUYỆN KIM SƠN\n\nKim Sơn, ngày 12 tháng 3 năm 2025\n\nKẾ HOẠCH\n\n"
            "TUYÊN TRUYỀN CUỘC BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI VÀ\n\nĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN CÁC CẤP\n\n"
            "Căn cứ Kế hoạch số 35/KH-UBND ngày 20 tháng 2 năm 2025 của Ủy ban nhân dân tỉnh về công tác bầu cử năm 2026;\n\n"
            "Ủy ban nhân dân huyện ban hành kế hoạch tuyên truyền bầu cử với các nội dung sau đây.\n")
    doc = cleaned(page, "plan.md")
    assert doc.metadata.title == ("TUYÊN TRUYỀN CUỘC BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI VÀ "
                                  "ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN CÁC CẤP")
    # a type line with prose under it names no title: the paragraph is not one
    news = "KẾ HOẠCH\n\nHuyện ủy vừa ban hành kế hoạch học tập chuyên đề năm 2025 cho toàn Đảng bộ huyện.\n"
    assert cleaned(news, "news.md").metadata.title is None


def test_a_dropped_letterhead_or_infobox_still_says_where_the_document_comes_from():
    plan = ("ỦY BAN NHÂN DÂN\n\nHUYỆN KIM SƠN\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
            "Kim Sơn, ngày 12 tháng 3 năm 2025\n\nKẾ HOẠCH\n\nTUYÊN TRUYỀN CUỘC BẦU CỬ NĂM 2026\n\n"
            "Các xã, thị trấn tổ chức tuyên truyền rộng rãi đến toàn thể cử tri trên địa bàn.\n")
    doc = cleaned(plan, "plan.md")
    assert "HUYỆN KIM SƠN" not in doc.text
    assert doc.metadata.place == "Huyện Kim Sơn" and doc.metadata.province == "Ninh Bình"
    page = ("# Lễ kỷ niệm chiến thắng\n\nLễ kỷ niệm | |\n|---|---|\n| Thời điểm | 7 tháng 5 năm 2024 |\n"
            "| Địa điểm | Sân vận động, thành phố Điện Biên Phủ, tỉnh Điện Biên |\n| Loại hình | Diễu binh |\n"
            "| Nhà bảo trợ | Chính phủ |\n\n"
            "Lễ kỷ niệm được tổ chức trọng thể với sự tham dự của hàng vạn người dân và du khách.\n")
    doc = cleaned(page, "event.md")
    assert "Địa điểm" not in doc.text and doc.metadata.place == "thành phố Điện Biên Phủ"


def test_a_question_opening_a_text_is_its_headline_and_a_datasets_lines_stay_paragraphs():
    essay = ("Nên đổi mới phương thức lãnh đạo của Đảng đối với Mặt trận theo hướng nào?\n"
             "Thời gian qua, phương thức lãnh đạo của Đảng đối với Mặt trận đã có nhiều đổi mới quan trọng.\n")
    doc = cleaned(essay, "essay.txt")
    assert doc.metadata.title == "Nên đổi mới phương thức lãnh đạo của Đảng đối với Mặt trận theo hướng nào?"
    segmented = ("Viện Lịch sử Đảng tỉnh - 30 năm một chặng đường xây dựng và trưởng thành\n"
                 "30 năm qua, Viện đã biên soạn hàng trăm công trình lịch sử đảng bộ các cấp.\n")
    doc = cleaned(segmented, "essay.ws")
    assert doc.metadata.title == "Viện Lịch sử Đảng tỉnh - 30 năm một chặng đường xây dựng và trưởng thành"


def test_a_table_of_contents_run_into_a_one_block_page_goes_and_its_headings_stay():
    page = ("Người lao động tham gia bảo hiểm xã hội tự nguyện được hưởng những quyền lợi gì? Nội dung chính "
            "Mức đóng bảo hiểm xã hội tự nguyện năm 2025 là bao nhiêu? Ai được hỗ trợ tiền đóng? "
            "Mức đóng bảo hiểm xã hội tự nguyện năm 2025 là bao nhiêu? Theo quy định hiện hành, mức đóng bằng "
            "22% mức thu nhập tháng do người tham gia lựa chọn. Ai được hỗ trợ tiền đóng? Người thuộc hộ nghèo "
            "được Nhà nước hỗ trợ 50% mức đóng.\n")
    doc = cleaned(page, "qa.txt")
    assert "Nội dung chính" not in doc.text
    assert doc.text.count("Ai được hỗ trợ tiền đóng?") == 1 and "mức đóng bằng 22%" in doc.text
    assert "toc" in {d.reason for d in doc.metadata.dropped}


def test_a_table_of_figures_opening_a_page_is_no_infobox():
    page = ("# Số liệu công tác đảng viên năm 2024\n\nChỉ tiêu | Kết quả |\n|---|---|\n"
            "| Kết nạp đảng viên | 215 |\n| Huy hiệu Đảng | 312 |\n"
            "| Tổ chức cơ sở | 48 |\n| Chi bộ | 120 |\n\n"
            "Năm 2024, Đảng bộ huyện lãnh đạo thực hiện thắng lợi các chỉ tiêu chủ yếu nêu trên.\n")
    doc = cleaned(page, "figures.md")
    assert "Kết nạp đảng viên" in doc.text and "infobox" not in {d.reason for d in doc.metadata.dropped}


@pytest.mark.parametrize("line", ["Ảnh: Internet", "Lượt xem: 1.234", "Theo Báo Nhân Dân", "12 345", "Tin liên quan",
                                  "in bài viết", "chia sẻ", "Xây dựng Đảng - Chính trị", "Đảng bộ xã tổ chức hội nghị.",
                                  "Bài và ảnh: Minh Châu", "Xem thêm: Ảnh: Internet", "Tải về tại đây"])
def test_the_line_rules_as_one_pattern_pick_the_first_rule_that_matches(line):
    for head in (False, True):
        for tail in (False, True):
            first = next((rule.reason for rule in line_rules() if rule.pattern.fullmatch(line) and (
                rule.where == "any" or rule.where == "head" and head or rule.where == "tail" and tail)), None)
            assert line_reason(line, head, tail) == first


def test_closing_bylines_in_markdown_emphasis_are_dropped_beside_other_closing_furniture():
    """'**Hoàng Lan - Minh Đức**', '**Theo Quanuy-example.vn**', the original's timestamp and a tag
    line: two bylines (read through the emphasis), a dateline and tags, not a closing list of short lines
    (lines other rules drop are not counted as the list's)."""
    body = ("Hội nghị đã thống nhất thông qua nghị quyết với tỷ lệ nhất trí cao, tạo tiền đề triển khai các "
            "bước tiếp theo trong năm 2025.")
    text = (f"# Quận ủy tổng kết công tác năm\n\n{body}\n\n{body}\n\n**Hoàng Lan - Minh Đức**\n\n"
            "**Theo Quanuy-example.vn**\n\n**Ngày giờ đăng bài viết gốc: 22:17 15-04-2025**\n\nTags: Quận ủy, Tổng kết\n")
    doc = cleaned(text, "page.md")
    assert doc.text.rstrip().endswith("năm 2025.")
    assert {"Hoàng Lan - Minh Đức", "Theo Quanuy-example.vn"} <= {d.text for d in doc.metadata.dropped}


def test_a_line_that_is_a_date_stamp_still_dates_the_page():
    page = ("Sáng 17/3, Đoàn kiểm tra thông qua dự thảo báo cáo kết quả kiểm tra.\n"
            "Ngày đăng bài viết gốc: 14:30 | 17/03/2025\n")
    doc = cleaned(page, "page.md")
    assert doc.metadata.date == "2025-03-17" and "14:30" not in doc.text
