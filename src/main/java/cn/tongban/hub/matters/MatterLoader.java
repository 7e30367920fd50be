package cn.tongban.hub.matters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import cn.tongban.hub.canonical.CanonicalField;
import cn.tongban.hub.canonical.Entity;
import cn.tongban.hub.mapping.CodeList;
import cn.tongban.hub.mapping.CodeLists;

/**
 * Compiles the matter files of {@code mappings/matters/} (format: docs/matters.md) and
 * checks them against the canonical model, the code lists and each other. Every problem is
 * a {@link MatterFileException} with file, 1-based line and reason, as for mapping files.
 */
public final class MatterLoader {

    /** Basic code (基本编码), GB/T 39554.1 shape: type letters, 5-digit main item, 3-digit sub item. */
    static final Pattern CODE = Pattern.compile("([A-Z]{2})(\\d{5})(\\d{3})");
    static final String APPLICANT = "applicant";
    static final Set<String> APPLICANT_TYPES = Set.of("self", "agent");

    private static final Set<String> TOP_KEYS = Set.of("code", "name", "aliases", "subject", "department", "description", "materials", "form");
    private static final Set<String> MATERIAL_KEYS = Set.of("id", "name", "form", "medium", "count", "necessity", "source",
            "commitment", "shareable", "applicantTypes", "note", "satisfiedBy");
    private static final Set<String> FIELD_TEST_KEYS = Set.of("field", "equals", "notEquals", "in", "present", "absent");
    private static final Set<String> INSURANCE_KEYS = Set.of("type", "status", "monthsPaidAtLeast", "noArrears");
    private static final Set<String> FORM_KEYS = Set.of("id", "label", "field", "insurance");
    private static final Set<String> FORM_INSURANCE_KEYS = Set.of("type", "field");
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");

    private final Set<String> types;
    private final CodeLists codeLists;

    /**
     * @param types the two-letter matter types allowed (configuration: {@code hub.matters.types})
     */
    public MatterLoader(Set<String> types, CodeLists codeLists) {
        this.types = Set.copyOf(types);
        this.codeLists = codeLists;
    }

    /** Every {@code *.yaml} file of the folder, in file-name order; codes and aliases must be unique across files. */
    public List<Matter> loadAll(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new MatterFileException(dir.toString(), 1, "the matters folder cannot be read: " + e.getMessage());
        }
        Map<String, String> names = new HashMap<>();
        List<Matter> out = new ArrayList<>();
        for (Path f : files) {
            out.add(load(f, names));
        }
        return out;
    }

    /** One file, on its own (no cross-file checks). */
    public Matter load(Path file) {
        return load(file, new HashMap<>());
    }

    private Matter load(Path file, Map<String, String> namesTaken) {
        MappingNode top = cn.tongban.hub.mapping.YamlFiles.readMap(file,
                "a matter file is a YAML map (code, name, subject, materials, ...)", MatterFileException::new);
        return new FileCompiler(file.toString(), namesTaken).compile(top);
    }

    private final class FileCompiler {

        private final String file;
        private final Map<String, String> namesTaken;

        FileCompiler(String file, Map<String, String> namesTaken) {
            this.file = file;
            this.namesTaken = namesTaken;
        }

        Matter compile(MappingNode top) {
            Map<String, NodeTuple> t = entries(top, TOP_KEYS, "the top level");
            String code = requiredScalar(t, "code", top);
            Node codeNode = t.get("code").getValueNode();
            Matcher m = CODE.matcher(code);
            if (!m.matches()) {
                throw error(codeNode, "code '" + code + "' is not a basic code: two capital letters (type), 5 digits (main item), "
                        + "3 digits (sub item, 000 = none), e.g. XK00101000");
            }
            if (!types.contains(m.group(1))) {
                throw error(codeNode, "unknown matter type '" + m.group(1) + "' (configured in hub.matters.types: " + new TreeSet<>(types) + ")");
            }
            claim(code, codeNode);
            String standardName = requiredScalar(t, "name", top);
            claim(standardName, t.get("name").getValueNode());
            List<String> aliases = new ArrayList<>();
            if (t.containsKey("aliases")) {
                for (Node n : sequence(t.get("aliases").getValueNode(), "aliases")) {
                    String a = nonBlank(n, "an alias");
                    if (aliases.contains(a) || a.equals(standardName)) {
                        throw error(n, "alias '" + a + "' is listed twice");
                    }
                    claim(a, n);
                    aliases.add(a);
                }
            }
            String subject = requiredScalar(t, "subject", top);
            if (!subject.equals(SubjectData.PERSON) && !subject.equals(SubjectData.ENTERPRISE)) {
                throw error(t.get("subject").getValueNode(), "subject is person or enterprise, not '" + subject + "'");
            }
            Entity entity = Condition.entityOf(subject);
            String department = optionalScalar(t, "department");
            String description = optionalScalar(t, "description");

            if (!t.containsKey("materials")) {
                throw error(top, "missing required entry 'materials'");
            }
            List<Matter.Material> materials = new ArrayList<>();
            Set<String> ids = new java.util.HashSet<>();
            List<Node> materialNodes = sequence(t.get("materials").getValueNode(), "materials");
            if (materialNodes.isEmpty()) {
                throw error(t.get("materials").getValueNode(), "a matter lists at least one material");
            }
            for (Node n : materialNodes) {
                Matter.Material mat = material(n, entity);
                if (!ids.add(mat.id())) {
                    throw error(n, "material id '" + mat.id() + "' appears twice");
                }
                materials.add(mat);
            }
            List<Matter.FormField> form = new ArrayList<>();
            if (t.containsKey("form")) {
                Set<String> formIds = new java.util.HashSet<>();
                for (Node n : sequence(t.get("form").getValueNode(), "form")) {
                    Matter.FormField f = formField(n, entity);
                    if (!formIds.add(f.id())) {
                        throw error(n, "form field id '" + f.id() + "' appears twice");
                    }
                    form.add(f);
                }
            }
            return new Matter(code, standardName, aliases, subject, department, description, materials, form, file);
        }

        private void claim(String text, Node node) {
            String previous = namesTaken.putIfAbsent(text, file + ":" + line(node));
            if (previous != null) {
                throw error(node, "'" + text + "' already names a matter (" + previous + "): codes, names and aliases must be unique");
            }
        }

        private Matter.Material material(Node node, Entity entity) {
            MappingNode mn = map(node, "a material");
            Map<String, NodeTuple> t = entries(mn, MATERIAL_KEYS, "a material");
            String id = requiredScalar(t, "id", mn);
            if (!ID.matcher(id).matches()) {
                throw error(t.get("id").getValueNode(), "material id '" + id + "' must be lower-case letters, digits and hyphens");
            }
            String name = requiredScalar(t, "name", mn);
            Matter.Form form = choice(t, "form", mn, Matter.Form.values(), f -> f.id, f -> f.label);
            Matter.Medium medium = choice(t, "medium", mn, Matter.Medium.values(), f -> f.id, f -> f.label);
            Matter.Necessity necessity = choice(t, "necessity", mn, Matter.Necessity.values(), f -> f.id, f -> f.label);
            int count = 1;
            if (t.containsKey("count")) {
                Node c = t.get("count").getValueNode();
                try {
                    count = Integer.parseInt(scalar(c).strip());
                } catch (NumberFormatException e) {
                    throw error(c, "count is a whole number");
                }
                if (count < 1) {
                    throw error(c, "count is at least 1");
                }
            }
            String source = requiredScalar(t, "source", mn);
            boolean commitment = bool(t, "commitment", false);
            List<String> applicantTypes = new ArrayList<>();
            if (t.containsKey("applicantTypes")) {
                for (Node n : sequence(t.get("applicantTypes").getValueNode(), "applicantTypes")) {
                    String a = scalar(n);
                    if (!APPLICANT_TYPES.contains(a)) {
                        throw error(n, "unknown applicant type '" + a + "' (known: " + new TreeSet<>(APPLICANT_TYPES) + ")");
                    }
                    applicantTypes.add(a);
                }
            }
            Condition satisfiedBy = null;
            String satisfiedByText = null;
            if (t.containsKey("satisfiedBy")) {
                satisfiedBy = condition(t.get("satisfiedBy").getValueNode(), entity);
                satisfiedByText = flow(t.get("satisfiedBy").getValueNode());
            }
            boolean shareable = bool(t, "shareable", satisfiedBy != null);
            if (!shareable && satisfiedBy != null) {
                throw error(t.get("satisfiedBy").getKeyNode(), "material '" + id + "' is not shareable, so it is never looked up: remove satisfiedBy");
            }
            if (shareable && satisfiedBy == null) {
                throw error(mn, "material '" + id + "' is shareable but names no data: add satisfiedBy");
            }
            if (satisfiedBy != null && APPLICANT.equals(source)) {
                throw error(t.get("source").getValueNode(), "material '" + id + "' comes from the applicant, so no department's data can stand in for it: "
                        + "name the issuing department as source, or remove satisfiedBy");
            }
            return new Matter.Material(id, name, form, medium, count, necessity, source, commitment, shareable, applicantTypes,
                    optionalScalar(t, "note"), satisfiedBy, satisfiedByText);
        }

        Condition condition(Node node, Entity entity) {
            MappingNode mn = map(node, "a condition");
            if (mn.getValue().isEmpty()) {
                throw error(mn, "empty condition (use all, any, field or insurance)");
            }
            String first = scalar(mn.getValue().get(0).getKeyNode());
            switch (first) {
                case "all", "any" -> {
                    if (mn.getValue().size() != 1) {
                        throw error(mn.getValue().get(1).getKeyNode(), "'" + first + "' stands alone: nest other tests inside its list");
                    }
                    List<Condition> parts = new ArrayList<>();
                    List<Node> nodes = sequence(mn.getValue().get(0).getValueNode(), first);
                    if (nodes.isEmpty()) {
                        throw error(mn, "'" + first + "' needs at least one condition");
                    }
                    for (Node n : nodes) {
                        parts.add(condition(n, entity));
                    }
                    return first.equals("all") ? new Condition.All(parts) : new Condition.Any(parts);
                }
                case "insurance" -> {
                    if (mn.getValue().size() != 1) {
                        throw error(mn.getValue().get(1).getKeyNode(), "'insurance' stands alone: combine tests with all/any");
                    }
                    if (entity != Entity.PERSON) {
                        throw error(mn, "insurance tests apply to person matters only");
                    }
                    return insurance(map(mn.getValue().get(0).getValueNode(), "insurance"));
                }
                default -> {
                    return fieldTest(mn, entity);
                }
            }
        }

        private Condition fieldTest(MappingNode mn, Entity entity) {
            Map<String, NodeTuple> t = entries(mn, FIELD_TEST_KEYS, "a field test (or use all, any, insurance)");
            String fieldName = requiredScalar(t, "field", mn);
            CanonicalField field = entity.field(fieldName).orElseThrow(() -> error(t.get("field").getValueNode(),
                    "unknown canonical field '" + fieldName + "' of entity " + entity.id() + " (known: "
                            + entity.fields().stream().map(CanonicalField::json).toList() + ")"));
            List<String> ops = t.keySet().stream().filter(k -> !k.equals("field")).toList();
            if (ops.size() != 1) {
                throw error(mn, "a field test has exactly one of equals, notEquals, in, present, absent (found " + ops + ")");
            }
            NodeTuple op = t.get(ops.get(0));
            Node v = op.getValueNode();
            return switch (ops.get(0)) {
                case "equals" -> new Condition.FieldTest(field, Condition.Op.EQUALS, List.of(nonBlank(v, "equals")));
                case "notEquals" -> new Condition.FieldTest(field, Condition.Op.NOT_EQUALS, List.of(nonBlank(v, "notEquals")));
                case "in" -> {
                    List<String> values = new ArrayList<>();
                    for (Node n : sequence(v, "in")) {
                        values.add(nonBlank(n, "a value of in"));
                    }
                    if (values.isEmpty()) {
                        throw error(v, "'in' needs at least one value");
                    }
                    yield new Condition.FieldTest(field, Condition.Op.IN, values);
                }
                case "present" -> {
                    requireTrue(v, "present");
                    yield new Condition.FieldTest(field, Condition.Op.PRESENT, List.of());
                }
                default -> {
                    requireTrue(v, "absent");
                    yield new Condition.FieldTest(field, Condition.Op.ABSENT, List.of());
                }
            };
        }

        private Condition insurance(MappingNode mn) {
            Map<String, NodeTuple> t = entries(mn, INSURANCE_KEYS, "insurance");
            String type = requiredScalar(t, "type", mn);
            requireCode("insurance-type", type, t.get("type").getValueNode());
            List<String> statuses = new ArrayList<>();
            if (t.containsKey("status")) {
                Node s = t.get("status").getValueNode();
                List<Node> nodes = s instanceof SequenceNode seq ? seq.getValue() : List.of(s);
                for (Node n : nodes) {
                    String code = nonBlank(n, "status");
                    requireCode("contribution-status", code, n);
                    statuses.add(code);
                }
            }
            Integer months = null;
            if (t.containsKey("monthsPaidAtLeast")) {
                Node n = t.get("monthsPaidAtLeast").getValueNode();
                try {
                    months = Integer.parseInt(scalar(n).strip());
                } catch (NumberFormatException e) {
                    throw error(n, "monthsPaidAtLeast is a whole number of months");
                }
                if (months < 0) {
                    throw error(n, "monthsPaidAtLeast cannot be negative");
                }
            }
            boolean noArrears = bool(t, "noArrears", false);
            return new Condition.InsuranceTest(type, statuses, months, noArrears);
        }

        private void requireCode(String list, String code, Node node) {
            CodeList codes = codeLists.get(list);
            if (codes.entries().stream().noneMatch(e -> e.code().equals(code))) {
                throw error(node, "'" + code + "' is not a code of " + list + " (mappings/codelists/" + list + ".yaml)");
            }
        }

        private Matter.FormField formField(Node node, Entity entity) {
            MappingNode mn = map(node, "a form field");
            Map<String, NodeTuple> t = entries(mn, FORM_KEYS, "a form field");
            String id = requiredScalar(t, "id", mn);
            String label = requiredScalar(t, "label", mn);
            if (t.containsKey("field") == t.containsKey("insurance")) {
                throw error(mn, "form field '" + id + "' names exactly one of field or insurance");
            }
            if (t.containsKey("field")) {
                String f = requiredScalar(t, "field", mn);
                entity.field(f).orElseThrow(() -> error(t.get("field").getValueNode(), "unknown canonical field '" + f + "' of entity " + entity.id()));
                return new Matter.FormField(id, label, f, null);
            }
            if (entity != Entity.PERSON) {
                throw error(t.get("insurance").getKeyNode(), "insurance form fields apply to person matters only");
            }
            MappingNode in = map(t.get("insurance").getValueNode(), "insurance");
            Map<String, NodeTuple> i = entries(in, FORM_INSURANCE_KEYS, "insurance");
            String type = requiredScalar(i, "type", in);
            requireCode("insurance-type", type, i.get("type").getValueNode());
            String f = requiredScalar(i, "field", in);
            Entity.INSURANCE.field(f).orElseThrow(() -> error(i.get("field").getValueNode(), "unknown canonical field '" + f + "' of entity insurance"));
            return new Matter.FormField(id, label, f, type);
        }

        private <E> E choice(Map<String, NodeTuple> t, String key, Node parent, E[] values,
                             java.util.function.Function<E, String> id, java.util.function.Function<E, String> label) {
            String v = requiredScalar(t, key, parent);
            return Arrays.stream(values).filter(e -> id.apply(e).equals(v) || label.apply(e).equals(v)).findFirst()
                    .orElseThrow(() -> error(t.get(key).getValueNode(), "unknown " + key + " '" + v + "' (known: "
                            + Arrays.stream(values).map(e -> id.apply(e) + "/" + label.apply(e)).toList() + ")"));
        }

        private boolean bool(Map<String, NodeTuple> t, String key, boolean dflt) {
            if (!t.containsKey(key)) {
                return dflt;
            }
            String v = scalar(t.get(key).getValueNode());
            if (!v.equals("true") && !v.equals("false")) {
                throw error(t.get(key).getValueNode(), key + " is true or false");
            }
            return Boolean.parseBoolean(v);
        }

        private void requireTrue(Node v, String op) {
            if (!"true".equals(scalar(v))) {
                throw error(v, "'" + op + "' takes the value true (to test the opposite, use " + (op.equals("present") ? "absent" : "present") + ")");
            }
        }

        private String flow(Node node) {
            if (node instanceof ScalarNode s) {
                return "\"" + s.getValue() + "\"";
            }
            if (node instanceof SequenceNode s) {
                return "[" + String.join(", ", s.getValue().stream().map(this::flow).toList()) + "]";
            }
            MappingNode m = (MappingNode) node;
            List<String> parts = new ArrayList<>();
            for (NodeTuple t : m.getValue()) {
                parts.add(scalar(t.getKeyNode()) + ": " + flow(t.getValueNode()));
            }
            return "{" + String.join(", ", parts) + "}";
        }

        private Map<String, NodeTuple> entries(MappingNode node, Set<String> allowed, String where) {
            Map<String, NodeTuple> m = new LinkedHashMap<>();
            for (NodeTuple tuple : node.getValue()) {
                String k = scalar(tuple.getKeyNode());
                if (!allowed.contains(k)) {
                    throw error(tuple.getKeyNode(), "unknown entry '" + k + "' in " + where + " (allowed: " + new TreeSet<>(allowed) + ")");
                }
                if (m.put(k, tuple) != null) {
                    throw error(tuple.getKeyNode(), "entry '" + k + "' appears twice in " + where);
                }
            }
            return m;
        }

        private MappingNode map(Node node, String what) {
            if (node instanceof MappingNode m) {
                return m;
            }
            throw error(node, what + " must be a YAML map");
        }

        private List<Node> sequence(Node node, String what) {
            if (node instanceof SequenceNode s) {
                return s.getValue();
            }
            throw error(node, what + " must be a YAML list");
        }

        private String scalar(Node node) {
            if (node instanceof ScalarNode s) {
                return s.getValue();
            }
            throw error(node, "expected a single value here");
        }

        private String nonBlank(Node node, String what) {
            String v = scalar(node);
            if (v == null || v.isBlank()) {
                throw error(node, what + " is empty");
            }
            return v.strip();
        }

        private String requiredScalar(Map<String, NodeTuple> entries, String key, Node parent) {
            NodeTuple t = entries.get(key);
            if (t == null) {
                throw error(parent, "missing required entry '" + key + "'");
            }
            return nonBlank(t.getValueNode(), "'" + key + "'");
        }

        private String optionalScalar(Map<String, NodeTuple> entries, String key) {
            NodeTuple t = entries.get(key);
            return t == null ? null : scalar(t.getValueNode());
        }

        private MatterFileException error(Node node, String reason) {
            return new MatterFileException(file, line(node), reason);
        }
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }
}
