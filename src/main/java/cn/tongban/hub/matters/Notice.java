package cn.tongban.hub.matters;

import java.util.List;

/**
 * The one-time notice (一次性告知清单): every material the applicant still has to bring,
 * in catalogue order, with the reason the hub could not stand in for it. It holds nothing
 * that changes between two pre-checks on the same data (no ids, no times), so the same
 * input and the same data give the same notice and the same {@link CanonicalJson#hash}.
 */
public record Notice(String matterCode, String matterName, String department, String caseNumber, String subject,
                     String applicantType, List<Item> items) {

    public Notice {
        items = List.copyOf(items);
    }

    /** One material to submit. */
    public record Item(int seq, String materialId, String name, String form, String formLabel, String medium,
                       String mediumLabel, int count, String necessity, String necessityLabel, String source,
                       boolean commitment, String note, String reason, String reasonText, List<String> detail) {

        public Item {
            detail = List.copyOf(detail);
        }
    }
}
