package cn.tongban.hub.matters;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A service matter (政务服务事项) of the catalogue, compiled from one file of
 * {@code mappings/matters/}: its basic code (GB/T 39554.1 shape), standard name and
 * regional aliases, the subject it is applied for, its materials and its application form.
 */
public record Matter(String code, String name, List<String> aliases, String subjectType, String department,
                     String description, List<Material> materials, List<FormField> form, @JsonIgnore String file) {

    public Matter {
        aliases = List.copyOf(aliases);
        materials = List.copyOf(materials);
        form = List.copyOf(form);
    }

    /** Two-letter type of the basic code (XK 行政许可, QR 行政确认, ...). */
    @JsonProperty
    public String type() {
        return code.substring(0, 2);
    }

    /** Whether text names this matter: its code, standard name or one of its aliases. */
    boolean isNamed(String text) {
        return code.equalsIgnoreCase(text) || name.equals(text) || aliases.contains(text);
    }

    /** Whether text occurs in the code, the standard name or an alias. */
    boolean mentions(String text) {
        return code.toUpperCase(java.util.Locale.ROOT).contains(text.toUpperCase(java.util.Locale.ROOT))
                || name.contains(text) || aliases.stream().anyMatch(a -> a.contains(text));
    }

    /** Original or copy (原件/复印件). */
    public enum Form {
        ORIGINAL("original", "原件"), COPY("copy", "复印件");

        final String id;
        final String label;

        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return id;
        }

        Form(String id, String label) {
            this.id = id;
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Paper or electronic (纸质/电子). */
    public enum Medium {
        PAPER("paper", "纸质"), ELECTRONIC("electronic", "电子");

        final String id;
        final String label;

        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return id;
        }

        Medium(String id, String label) {
            this.id = id;
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** 必要 / 非必要 / 容缺 (may be supplied after acceptance). */
    public enum Necessity {
        REQUIRED("required", "必要"), OPTIONAL("optional", "非必要"), DEFERRABLE("deferrable", "容缺");

        final String id;
        final String label;

        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return id;
        }

        Necessity(String id, String label) {
            this.id = id;
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One material of the list.
     *
     * @param source         {@code applicant}, or the department that issues it
     * @param commitment     whether a signed commitment (告知承诺) may replace it
     * @param shareable      false: only the applicant can supply it (never looked up)
     * @param applicantTypes the applicant types it applies to ({@code self}, {@code agent}); empty: all
     * @param satisfiedBy    the data that stands in for it; null: the applicant must submit it
     */
    public record Material(String id, String name, Form form, Medium medium, int count, Necessity necessity,
                           String source, boolean commitment, boolean shareable, List<String> applicantTypes,
                           String note, @JsonIgnore Condition satisfiedBy, @JsonProperty("satisfiedBy") String satisfiedByText) {

        public Material {
            applicantTypes = List.copyOf(applicantTypes);
        }

        boolean appliesTo(String applicantType) {
            return applicantTypes.isEmpty() || applicantTypes.contains(applicantType);
        }

        @JsonProperty
        public String formLabel() {
            return form.label();
        }

        @JsonProperty
        public String mediumLabel() {
            return medium.label();
        }

        @JsonProperty
        public String necessityLabel() {
            return necessity.label();
        }

        /** Canonical fields the condition reads (the purpose-bound minimum), for the catalogue answer. */
        @JsonProperty
        public List<String> dataFields() {
            return satisfiedBy == null ? List.of() : satisfiedBy.fields();
        }
    }

    /**
     * A field of the application form, prefilled from a canonical field, or from a field of
     * the subject's insurance fact of {@code insuranceType}.
     */
    public record FormField(String id, String label, String field, String insuranceType) {
    }
}
