"""References of the forms real reports use beyond symbols: a number with a date and issuer, any
state symbol after a type word, documents cited by name and their short forms. Sentences written
for these tests on the issue's examples."""

from __future__ import annotations

import pytest

from pipeline.references import find_references

CASES = [
    # (text, [(type, number, issuer, mentions)])
    ("Thực hiện Chỉ thị số 01 ngày 9/3/2021 của Bộ Chính trị, các chi bộ đã tổ chức đại hội.",
     [("Chỉ thị", "1", "Bộ Chính trị", ["Chỉ thị số 01 ngày 9/3/2021 của Bộ Chính trị"])]),
    ("Kết luận số 24 ngày 5/6/2012 của Bộ Chính trị khóa XI được quán triệt sâu rộng.",
     [("Kết luận", "24", "Bộ Chính trị", ["Kết luận số 24 ngày 5/6/2012 của Bộ Chính trị khóa XI"])]),
    ("Theo Kết luận số 2517/KL-TCHQ ngày 14-4-2017 của Tổng cục Hải quan về công tác cán bộ.",
     [("Kết luận", "2517", "Tổng cục Hải quan", ["Kết luận số 2517/KL-TCHQ ngày 14-4-2017 của Tổng cục Hải quan"])]),
    ("Cục đã ban hành Công văn số 1569/HQHCM-TCCB hướng dẫn các đơn vị.",
     [("Công văn", "1569", None, ["Công văn số 1569/HQHCM-TCCB"])]),
    ("Chi bộ học tập Quy định về những điều đảng viên không được làm. Quy định này được niêm yết tại trụ sở.",
     [("Quy định", None, None, ["Quy định về những điều đảng viên không được làm", "Quy định này"])]),
    ("Tỉnh xây dựng Đề án “Chi bộ kiểu mẫu” trong năm 2024. Đề án được triển khai ở 45 chi bộ.",
     [("Đề án", None, None, ["Đề án “Chi bộ kiểu mẫu”", "Đề án"])]),
    ("Đơn vị quán triệt Nghị quyết của Đảng ủy Quân khu 3 về nâng cao chất lượng huấn luyện, kết quả tốt.",
     [("Nghị quyết", None, "Đảng ủy Quân khu 3", ["Nghị quyết của Đảng ủy Quân khu 3 về nâng cao chất lượng huấn luyện"])]),
    ("Thực hiện Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030 của Chính phủ.",
     [("Chương trình", None, "Chính phủ",
       ["Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030 của Chính phủ"])]),
    ("Cán bộ học tập Di chúc của Chủ tịch Hồ Chí Minh. Di chúc là tài sản tinh thần vô giá.",
     [("Di chúc/other", None, None, ["Di chúc của Chủ tịch Hồ Chí Minh", "Di chúc"])]),
    # the Constitution and the Platform by name (a type outside the guide's list: 'Di chúc/other');
    # 'Hiến pháp và pháp luật' is the law in general
    ("Việc sửa đổi Điều lệ phải đồng bộ với Cương lĩnh chính trị và Hiến pháp.",
     [("Di chúc/other", None, None, ["Cương lĩnh chính trị"]), ("Hiến pháp", None, "Quốc hội", ["Hiến pháp"])]),
    ("Cán bộ phải gương mẫu chấp hành Hiến pháp và pháp luật, quy định của Đảng.", []),
    # a bare 'Hiến pháp' after the one dated constitution cited before it is that one
    ("Hiến pháp năm 2013 quy định quyền con người. Hiến pháp cũng quy định nghĩa vụ công dân.",
     [("Hiến pháp", None, "Quốc hội", ["Hiến pháp năm 2013", "Hiến pháp"])]),
    # a subject goes on over the comma of a fixed series ('chức năng, nhiệm vụ, quyền hạn')
    ("Hội nghị công bố Quyết định của Bộ Chính trị về chức năng, nhiệm vụ, quyền hạn của 13 cơ quan.",
     [("Quyết định", None, "Bộ Chính trị", ["Quyết định của Bộ Chính trị về chức năng, nhiệm vụ, quyền hạn"])]),
    # a subject goes on over 'đối với' and over 'của Đảng đối với'
    ("Chi bộ học tập Quy định về công tác kiểm tra đối với đảng viên giữ chức vụ lãnh đạo, kết quả tốt.",
     [("Quy định", None, None, ["Quy định về công tác kiểm tra đối với đảng viên giữ chức vụ lãnh đạo"])]),
    # state documents by subject, a quoted plan with its issuer, an issuer ending on its level
    ("Năm 2019, Chính phủ ban hành Nghị định về quản lý cụm công nghiệp.",
     [("Nghị định", None, "Chính phủ", ["Nghị định về quản lý cụm công nghiệp"])]),
    ("Công an huyện thực hiện Kế hoạch “Công an xã vì bình yên thôn xóm” của Công an tỉnh, kết quả tốt.",
     [("Kế hoạch", None, "Công an tỉnh", ["Kế hoạch “Công an xã vì bình yên thôn xóm” của Công an tỉnh"])]),
    ("Quán triệt Chỉ thị số 03/CT-VKSTC ngày 12/3/2024 của Viện trưởng VKSND tối cao về tăng cường kỷ cương.",
     [("Chỉ thị", "3", "Viện trưởng Viện Kiểm sát nhân dân tối cao",
       ["Chỉ thị số 03/CT-VKSTC ngày 12/3/2024 của Viện trưởng VKSND tối cao"])]),
    ("Theo Công văn số 1569/HQHCM-TCCB của Cục Hải quan TP Hồ Chí Minh về việc kiện toàn tổ chức.",
     [("Công văn", "1569", "Cục Hải quan Thành phố Hồ Chí Minh", ["Công văn số 1569/HQHCM-TCCB của Cục Hải quan TP Hồ Chí Minh"])]),
    # a law whose name holds 'và', from data/law_names.txt; two laws joined by 'và' stay two
    ("Căn cứ Luật Tổ chức Hội đồng nhân dân và Uỷ ban nhân dân ngày 26 tháng 11 năm 2003;",
     [("Luật", None, "Quốc hội", ["Luật Tổ chức Hội đồng nhân dân và Uỷ ban nhân dân ngày 26 tháng 11 năm 2003"])]),
    # the law that amends another is one document, named after the law it amends
    ("Huyện tuyên truyền Luật Sửa đổi, bổ sung một số điều của Luật BHYT đến từng thôn.",
     [("Luật", None, "Quốc hội", ["Luật Sửa đổi, bổ sung một số điều của Luật BHYT"])]),
    # a project in lower case is a document when its issuer and subject follow; a resolution is not
    ("Huyện triển khai đề án của Chính phủ về xây dựng xã không ma túy giai đoạn 2025-2030.",
     [("Đề án", None, "Chính phủ", ["đề án của Chính phủ về xây dựng xã không ma túy giai đoạn 2025-2030"])]),
    ("Chi bộ học tập nghị quyết của Đảng về công tác cán bộ.", []),
    # a decision named by what it does; a decision taken is no document
    ("Đồng chí Bí thư trao Quyết định bổ nhiệm đồng chí Lê Văn An giữ chức Giám đốc Sở Nội vụ.",
     [("Quyết định", None, None, ["Quyết định bổ nhiệm đồng chí Lê Văn An giữ chức Giám đốc Sở Nội vụ"])]),
    ("Hội đồng Quyết định chọn phương án hai.", []),
    # a state resolution named by what it does; a document after its 'của' is in its name, no issuer
    # (its issuer the body the sentence says passes, issues or makes it)
    ("Hội đồng nhân dân tỉnh thông qua Nghị quyết thành lập thị xã Kinh Môn trực thuộc tỉnh.",
     [("Nghị quyết", None, "Hội đồng nhân dân", ["Nghị quyết thành lập thị xã Kinh Môn trực thuộc tỉnh"])]),
    ("Quốc hội thông qua Nghị quyết sửa đổi, bổ sung một số điều của Hiến pháp năm 1992.",
     [("Nghị quyết", None, "Quốc hội", ["Nghị quyết sửa đổi, bổ sung một số điều"]),
      ("Hiến pháp", None, "Quốc hội", ["Hiến pháp năm 1992"])]),
    ("Các đại biểu nghị quyết thành lập tổ công tác liên ngành.", []),
    # a project's name never opens with a connective or a verb: 'Đề án và trình ...' is a bare short form
    ("Sở Nội vụ hoàn thiện Đề án và trình Chính phủ; Đề án ban hành kèm theo quyết định của huyện.", []),
    ("Các nghị quyết về xây dựng Đảng đã được triển khai; chương trình công tác năm được thông qua.", []),
    ("Chương trình phát triển du lịch được nhiều người quan tâm.", []),
    # documents of types outside the guide's list, named by the capitalised words after the type word
    ("Buổi nói chuyện nhắc đến Tuyên ngôn Nhân quyền và Dân quyền của Cách mạng Pháp và Hiệp định Paris được ký kết.",
     [("Di chúc/other", None, "Cách mạng Pháp", ["Tuyên ngôn Nhân quyền và Dân quyền của Cách mạng Pháp"]),
      ("Di chúc/other", None, None, ["Hiệp định Paris"])]),
    ("Thành phố công bố Quy hoạch chung Thủ đô đến năm 2045. Quy hoạch sử dụng đất của xã được điều chỉnh.",
     [("Di chúc/other", None, None, ["Quy hoạch chung Thủ đô đến năm 2045"])]),
    ("Tuyên bố khai mạc Đại hội, đồng chí Bí thư cảm ơn các đại biểu.", []),
    # 'luật' ending 'kỷ luật' is no law, even before a symbol: the symbol's own type counts
    ("Đồng chí bị thi hành kỷ luật theo quyết định thi hành kỷ luật số 17/QĐNS/TW của Ban Bí thư.",
     [("Quyết định", "17", "Ban Bí thư", ["17/QĐNS/TW của Ban Bí thư"])]),
    # the Party as a whole issues nothing: a plenum resolution 'của Đảng' is its Central Committee's
    ("Quán triệt Nghị quyết Trung ương 4 khóa XIII của Đảng về xây dựng Đảng.",
     [("Nghị quyết", None, "Ban Chấp hành Trung ương", ["Nghị quyết Trung ương 4 khóa XIII"])]),
    # laws named without a year, from data/law_names.txt
    ("Chi bộ quán triệt Luật Bảo vệ bí mật nhà nước và Luật Lưu trữ.",
     [("Luật", None, "Quốc hội", ["Luật Bảo vệ bí mật nhà nước"]), ("Luật", None, "Quốc hội", ["Luật Lưu trữ"])]),
    # laws named by their title as laws are titled, without a year: up to a word no law name holds;
    # an abbreviation after 'Luật' opens no title ('Pháp Luật TP.HCM' is a newspaper)
    ("Quốc hội thông qua Luật Cơ yếu, Luật Bảo vệ dữ liệu cá nhân có hiệu lực từ tháng 7.",
     [("Luật", None, "Quốc hội", ["Luật Cơ yếu"]), ("Luật", None, "Quốc hội", ["Luật Bảo vệ dữ liệu cá nhân"])]),
    ("Sở triển khai Luật Tổ chức chính quyền địa phương được Quốc hội thông qua.",
     [("Luật", None, "Quốc hội", ["Luật Tổ chức chính quyền địa phương"])]),
    ("Báo Pháp Luật TP.HCM đưa tin về vụ việc.", []),
    ("Sinh viên Trường Đại học Luật Hà Nội tìm hiểu Luật Cơ yếu.", [("Luật", None, "Quốc hội", ["Luật Cơ yếu"])]),
    # documents every Party text cites by a fixed name (data/named_documents.tsv); the American one
    # of 1776 is another declaration
    ("Đảng viên vi phạm Quy định những điều đảng viên không được làm và trách nhiệm nêu gương.",
     [("Quy định", None, None, ["Quy định những điều đảng viên không được làm"])]),
    ("Chủ tịch Hồ Chí Minh đọc bản Tuyên ngôn độc lập; Tuyên ngôn độc lập 1776 của nước Mỹ được dẫn lại.",
     [("Di chúc/other", None, None, ["Tuyên ngôn độc lập"])]),
    ("Xã thực hiện Quy chế dân chủ ở cơ sở; Quy chế làm việc của Ban Chấp hành Trung ương Đoàn được ban hành.",
     [("Di chúc/other", None, None, ["Quy chế dân chủ ở cơ sở"])]),
    ("Hưởng ứng Lời kêu gọi thi đua ái quốc, nhân dân cả nước thi đua sản xuất.",
     [("Di chúc/other", None, "Chủ tịch Hồ Chí Minh", ["Lời kêu gọi thi đua ái quốc"])]),
    # the charter of a body other than the Party, named by the body; two named in one breath stay two
    ("Hội nghị quán triệt Điều lệ Mặt trận Tổ quốc Việt Nam và Điều lệ Hội Nông dân Việt Nam.",
     [("Điều lệ", None, None, ["Điều lệ Mặt trận Tổ quốc Việt Nam"]), ("Điều lệ", None, None, ["Điều lệ Hội Nông dân Việt Nam"])]),
    # the national congress numbered in Arabic figures; a testament glued to 'của'
    ("Chi bộ quán triệt Nghị quyết Đại hội 14 của Đảng và Văn kiện Đại hội 14, học tập Di chúccủa Bác Hồ.",
     [("Nghị quyết", None, "Đại hội đại biểu toàn quốc", ["Nghị quyết Đại hội 14 của Đảng"]),
      ("Di chúc/other", None, None, ["Văn kiện Đại hội 14"]), ("Di chúc/other", None, None, ["Di chúccủa Bác Hồ"])]),
    ("Đại hội 3 cấp được tổ chức.", []),
    # a qualifier between the type word and 'số'; an urgent dispatch of the state
    ("Theo Hướng dẫn (tạm thời) số 31 và Hướng dẫn chính thức số 60 của Ban Thường trực, xã thực hiện.",
     [("Hướng dẫn", "31", "Ban Thường trực", ["Hướng dẫn (tạm thời) số 31"]),  # the issuer the pair shares
      ("Hướng dẫn", "60", "Ban Thường trực", ["Hướng dẫn chính thức số 60 của Ban Thường trực"])]),
    ("Công an tỉnh triển khai Đề án phòng, chống tội phạm giai đoạn 2017-2020, kết quả tốt.",
     [("Đề án", None, None, ["Đề án phòng, chống tội phạm giai đoạn 2017-2020"])]),
    ("Tỉnh hoàn thành Đề án sắp xếp, tổ chức lại đơn vị hành chính cấp xã, kết quả tốt.",
     [("Đề án", None, None, ["Đề án sắp xếp, tổ chức lại đơn vị hành chính cấp xã"])]),
    # a campaign or a show named in quotes after a lower-case 'chương trình' is no document
    ("Đài tổ chức chương trình “Ánh sao người lính” và tỉnh triển khai đề án “Chiến lược xây dựng nông thôn mới”.",
     [("Đề án", None, None, ["đề án “Chiến lược xây dựng nông thôn mới”"])]),
    # a Party symbol typed with a slash for its dash
    ("Theo Kết luận 221/KL/TW của Bộ Chính trị, các tỉnh sắp xếp bộ máy.",
     [("Kết luận", "221", "Bộ Chính trị", ["Kết luận 221/KL/TW của Bộ Chính trị"])]),
    ("Theo Cáo trạng số 43/CT-VKS ngày 24/11/2025, các bị cáo đã phạm tội.",
     [("Cáo trạng", "43", None, ["Cáo trạng số 43/CT-VKS ngày 24/11/2025"])]),
    ("Huyện thực hiện công điện số 864/CĐ-UBND ngày 4/5/2021 của Chủ tịch UBND tỉnh về phòng dịch.",
     [("Công điện", "864", "Chủ tịch Ủy ban nhân dân tỉnh", ["công điện số 864/CĐ-UBND ngày 4/5/2021 của Chủ tịch UBND tỉnh"])]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_reference_forms(text, expected):
    found = [(r.type, r.number, r.issuer, [m.text for m in r.mentions]) for r in find_references(text)]
    assert found == expected


def test_a_subject_names_the_numbered_document_it_follows():
    text = ("Thực hiện Nghị quyết Hội nghị Trung ương 3 khóa X về tăng cường sự lãnh đạo của Đảng đối với "
            "công tác phòng, chống tham nhũng, Huyện ủy đã ban hành kế hoạch. Nghị quyết về tăng cường sự lãnh "
            "đạo của Đảng đối với công tác này được quán triệt đến chi bộ.")
    [ref] = find_references(text)
    assert (ref.plenum, ref.term) == ("3", "X") and len(ref.mentions) == 2


def test_a_short_form_of_an_other_type_joins_only_a_document_of_its_own_word():
    """'Di chúc' is short for the testament, never for a charter named before it."""
    refs = find_references("Đoàn viên học Hiến chương Liên hợp quốc và Di chúc của Chủ tịch Hồ Chí Minh. Di chúc dạy rằng "
                           "phải đoàn kết.")
    assert sorted((r.canonical, len(r.mentions)) for r in refs) == [
        ("Di chúc/other: di chúc hồ chí minh", 2), ("Di chúc/other: hiến chương liên hợp", 1)]


def test_two_documents_of_one_type_leave_a_short_form_unresolved():
    text = ("Tỉnh có Đề án “Chi bộ kiểu mẫu” và Đề án “Dân vận khéo”. Đề án được đánh giá cao.")
    refs = find_references(text)
    assert sorted(len(r.mentions) for r in refs) == [1, 1]


def test_a_document_cited_by_its_subject_is_the_gazetteer_document_of_that_subject():
    """'Nghị quyết về Một số vấn đề cấp bách về xây dựng Đảng hiện nay' is the 4th plenum of khóa XI:
    one reference with the plenum form written elsewhere, its plenum and term marked inferred."""
    refs = find_references("Chi bộ quán triệt Nghị quyết về Một số vấn đề cấp bách về xây dựng Đảng hiện nay, "
                           "tổ chức học tập đến từng đảng viên. Sau 10 năm thực hiện Nghị quyết Trung ương 4 khóa XI, "
                           "chi bộ đã có nhiều chuyển biến.")
    assert [(r.canonical, r.plenum, r.term) for r in refs] == [("NQTW4/XI", "4", "XI")]
    assert [m.text for m in refs[0].mentions] == [
        "Nghị quyết về Một số vấn đề cấp bách về xây dựng Đảng hiện nay", "Nghị quyết Trung ương 4 khóa XI"]
    assert {"plenum", "term"} <= set(refs[0].extra["inferred"])
    assert refs[0].extra["gazetteer"]["by"] == "subject"
    # subjects that open alike ('Tăng cường sự lãnh đạo của Đảng đối với ...') are told apart further on
    refs = find_references("Thực hiện Nghị quyết về Tăng cường sự lãnh đạo của Đảng đối với công tác phòng, "
                           "chống tham nhũng, lãng phí, chi bộ đã kiểm điểm.")
    assert [(r.canonical, r.plenum, r.term) for r in refs] == [("NQTW3/X", "3", "X")]
    assert refs[0].mentions[0].text.startswith("Nghị quyết về Tăng cường sự lãnh đạo của Đảng đối với công tác")
    # a subject the gazetteer does not know stays a document keyed by its name
    other = find_references("Đảng ủy ban hành Nghị quyết về phát triển kinh tế tập thể trên địa bàn xã.")
    assert [(r.canonical, r.plenum) for r in other] == [("Nghị quyết: phát triển kinh tế tập thể", None)]
