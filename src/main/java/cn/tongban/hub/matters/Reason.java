package cn.tongban.hub.matters;

/**
 * Why a material must be submitted by the applicant; the name is the stable code in answers
 * and notices. {@link #rank()} decides which reason a composite condition reports when
 * several of its parts fail: a source that could not be asked hides what it would have said,
 * so it outranks everything else.
 */
public enum Reason {
    SOURCE_UNAVAILABLE(4, "数据来源部门系统暂时无法访问，本次未能核验"),
    DATA_CONFLICT(3, "相关部门数据不一致，暂无法以共享数据替代"),
    NO_RECORD(2, "共享数据中未查询到相关记录"),
    CONDITION_NOT_MET(1, "共享数据不满足该材料的要求"),
    NOT_SHAREABLE(0, "该材料须由申请人提供（不可通过数据共享获取）");

    private final int rank;
    private final String text;

    Reason(int rank, String text) {
        this.rank = rank;
        this.text = text;
    }

    public int rank() {
        return rank;
    }

    /** The reason as the printed notice words it (Chinese). */
    public String text() {
        return text;
    }
}
