package cn.tongban.hub.mapping;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import cn.tongban.hub.canonical.CanonicalField;
import cn.tongban.hub.canonical.Entity;
import cn.tongban.hub.canonical.ValueType;

/**
 * Compiles a mapping file ({@code mappings/<silo>.yaml}) and validates it against the
 * canonical model and the code lists. Every problem is reported as a
 * {@link MappingFileException} with the file, the 1-based line and the reason, so a broken
 * file stops the start with a message an integration developer can act on.
 *
 * <p>The file format is documented in docs/mapping-files.md.
 */
public final class MappingLoader {

    private static final Set<String> TOP_KEYS = Set.of("silo", "entity", "format", "description", "record", "key", "lookup", "fields");
    private static final Set<String> RECORD_KEYS = Set.of("id", "version", "changed-at");
    private static final Set<String> KEY_KEYS = Set.of("aliases", "asserts");
    private static final Set<String> LOOKUP_KEYS = Set.of("endpoint", "records");
    private static final Set<String> RULE_KEYS = Set.of("source", "type", "codelist", "label", "normalise", "required", "multiply", "description");
    private static final Set<ValueType> IDENTIFIER_TYPES = Set.of(
            ValueType.USCC, ValueType.ORGANIZATION_CODE, ValueType.REGISTRATION_NUMBER, ValueType.CITIZEN_ID, ValueType.TEXT);

    private final CodeLists codeLists;

    public MappingLoader(CodeLists codeLists) {
        this.codeLists = codeLists;
    }

    public CompiledMapping load(Path file) {
        MappingNode top = YamlFiles.readMap(file, "a mapping file is a YAML map (silo, entity, format, fields, ...)",
                MappingFileException::new);
        return new FileCompiler(file.toString(), file).compile(top);
    }

    private final class FileCompiler {

        private final String name;
        private final Path file;

        FileCompiler(String name, Path file) {
            this.name = name;
            this.file = file;
        }

        CompiledMapping compile(MappingNode top) {
            Map<String, NodeTuple> t = entries(top, TOP_KEYS, "the top level");
            String silo = requiredScalar(t, "silo", top);
            String id = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            if (!id.equals(silo) && !id.startsWith(silo + ".")) {
                throw error(t.get("silo").getValueNode(), "silo '" + silo + "' must be the file name '" + id
                        + "' or its first part (<silo>.yaml, or <silo>.<record>.yaml for a silo with several record kinds)");
            }
            String entityId = requiredScalar(t, "entity", top);
            Entity entity = Entity.byId(entityId).orElseThrow(() -> error(t.get("entity").getValueNode(),
                    "unknown entity '" + entityId + "' (known: enterprise, person, insurance)"));
            String formatId = requiredScalar(t, "format", top);
            SourceFormat format = java.util.Arrays.stream(SourceFormat.values()).filter(f -> f.id().equals(formatId)).findFirst()
                    .orElseThrow(() -> error(t.get("format").getValueNode(), "unknown format '" + formatId + "' (known: json, row, xml)"));
            String description = optionalScalar(t, "description");

            if (!t.containsKey("record")) {
                throw error(top, "missing required entry 'record' (at least record.id, the source record id for provenance)");
            }
            MappingNode recordNode = map(t.get("record").getValueNode(), "record");
            Map<String, NodeTuple> r = entries(recordNode, RECORD_KEYS, "record");
            SourceAccessor recordId = accessor(format, requiredScalar(r, "id", recordNode), r.get("id").getValueNode());
            SourceAccessor version = r.containsKey("version") ? accessor(format, scalar(r.get("version").getValueNode()), r.get("version").getValueNode()) : null;
            SourceAccessor changedAt = r.containsKey("changed-at")
                    ? accessor(format, scalar(r.get("changed-at").getValueNode()), r.get("changed-at").getValueNode()) : null;

            CompiledMapping.Lookup lookup = null;
            if (t.containsKey("lookup")) {
                MappingNode ln = map(t.get("lookup").getValueNode(), "lookup");
                Map<String, NodeTuple> l = entries(ln, LOOKUP_KEYS, "lookup");
                String endpoint = requiredScalar(l, "endpoint", ln);
                if (!endpoint.startsWith("direct:")) {
                    throw error(l.get("endpoint").getValueNode(), "lookup.endpoint must be a direct: endpoint of the silo's route");
                }
                String records = optionalScalar(l, "records");
                if (records != null && (format != SourceFormat.JSON || !records.startsWith("/"))) {
                    throw error(l.get("records").getValueNode(), "lookup.records is a JSON pointer and only applies to the json format");
                }
                lookup = new CompiledMapping.Lookup(endpoint, records);
            }

            if (!t.containsKey("fields")) {
                throw error(top, "missing required entry 'fields'");
            }
            MappingNode fieldsNode = map(t.get("fields").getValueNode(), "fields");
            List<FieldRule> rules = new ArrayList<>();
            Map<String, FieldRule> byTarget = new LinkedHashMap<>();
            Set<String> labels = new HashSet<>();
            for (NodeTuple tuple : fieldsNode.getValue()) {
                String target = scalar(tuple.getKeyNode());
                CanonicalField field = entity.field(target).orElseThrow(() -> error(tuple.getKeyNode(),
                        "unknown canonical field '" + target + "' of entity " + entity.id() + " (known: "
                                + entity.fields().stream().map(CanonicalField::json).toList() + ")"));
                if (byTarget.containsKey(target) || labels.contains(target)) {
                    throw error(tuple.getKeyNode(), "canonical field '" + target + "' is mapped twice");
                }
                FieldRule rule = rule(format, entity, field, tuple.getValueNode());
                if (rule.label != null) {
                    if (byTarget.containsKey(rule.label.json()) || !labels.add(rule.label.json())) {
                        throw error(tuple.getValueNode(), "label field '" + rule.label.json() + "' is mapped twice");
                    }
                }
                byTarget.put(target, rule);
                rules.add(rule);
            }
            for (String label : labels) {
                if (byTarget.containsKey(label)) {
                    throw error(fieldsNode, "label field '" + label + "' is mapped twice");
                }
            }

            List<CanonicalField> aliases = new ArrayList<>();
            List<CanonicalField> asserts = new ArrayList<>();
            if (t.containsKey("key")) {
                MappingNode kn = map(t.get("key").getValueNode(), "key");
                Map<String, NodeTuple> k = entries(kn, KEY_KEYS, "key");
                aliases = fieldList(k.get("aliases"), entity, byTarget, "key.aliases");
                asserts = fieldList(k.get("asserts"), entity, byTarget, "key.asserts");
            }
            if (!byTarget.containsKey(entity.key().json()) && aliases.isEmpty()) {
                throw error(fieldsNode, "the key field '" + entity.key().json() + "' of entity " + entity.id()
                        + " is not mapped and key.aliases names no alias to reach it: records could never be keyed");
            }
            return new CompiledMapping(id, silo, entity, format, file, description, recordId, version, changedAt,
                    new CompiledMapping.KeyRule(entity.key(), aliases, asserts), rules, lookup);
        }

        private List<CanonicalField> fieldList(NodeTuple tuple, Entity entity, Map<String, FieldRule> mapped, String what) {
            List<CanonicalField> out = new ArrayList<>();
            if (tuple == null) {
                return out;
            }
            if (!(tuple.getValueNode() instanceof SequenceNode seq)) {
                throw error(tuple.getValueNode(), what + " is a list of canonical field names");
            }
            for (Node n : seq.getValue()) {
                String f = scalar(n);
                FieldRule rule = mapped.get(f);
                if (rule == null) {
                    throw error(n, what + " names '" + f + "', which this file does not map");
                }
                if (!IDENTIFIER_TYPES.contains(rule.target.type()) || rule.target == entity.key()) {
                    throw error(n, what + " names '" + f + "', which is not an alias identifier of " + entity.id());
                }
                out.add(rule.target);
            }
            return out;
        }

        private FieldRule rule(SourceFormat format, Entity entity, CanonicalField field, Node node) {
            MappingNode rn = map(node, "the rule of " + field.json());
            Map<String, NodeTuple> r = entries(rn, RULE_KEYS, "the rule of " + field.json());
            String source = requiredScalar(r, "source", rn);
            SourceAccessor accessor = accessor(format, source, r.get("source").getValueNode());
            String typeId = requiredScalar(r, "type", rn);
            RuleType type = RuleType.byId(typeId).orElseThrow(() -> error(r.get("type").getValueNode(),
                    "unknown type '" + typeId + "' (known: " + java.util.Arrays.stream(RuleType.values()).map(RuleType::id).toList() + ")"));
            if (type.produces() != field.type()) {
                throw error(r.get("type").getValueNode(), "type " + type.id() + " produces " + type.produces()
                        + " but canonical field '" + field.json() + "' is " + field.type());
            }
            CodeList codeList = null;
            CanonicalField label = null;
            if (type == RuleType.CODE) {
                String listId = requiredScalar(r, "codelist", rn);
                try {
                    codeList = codeLists.get(listId);
                } catch (IllegalArgumentException e) {
                    throw error(r.get("codelist").getValueNode(), "unknown code list '" + listId + "' (files in mappings/codelists/)");
                }
                String labelId = optionalScalar(r, "label");
                if (labelId != null) {
                    label = entity.field(labelId).orElseThrow(() -> error(r.get("label").getValueNode(),
                            "unknown canonical field '" + labelId + "' of entity " + entity.id()));
                    if (label.type() != ValueType.LABEL) {
                        throw error(r.get("label").getValueNode(), "label field '" + labelId + "' is " + label.type() + ", not LABEL");
                    }
                }
            } else {
                for (String k : List.of("codelist", "label")) {
                    if (r.containsKey(k)) {
                        throw error(r.get(k).getKeyNode(), "'" + k + "' applies only to type code");
                    }
                }
            }
            List<Normalisation> steps = new ArrayList<>();
            if (r.containsKey("normalise")) {
                if (!(r.get("normalise").getValueNode() instanceof SequenceNode seq)) {
                    throw error(r.get("normalise").getValueNode(), "normalise is a list of steps");
                }
                for (Node n : seq.getValue()) {
                    String id = scalar(n);
                    steps.add(Normalisation.byId(id).orElseThrow(() -> error(n, "unknown normalisation step '" + id + "' (known: "
                            + java.util.Arrays.stream(Normalisation.values()).map(Normalisation::id).toList() + ")")));
                }
            }
            BigDecimal multiply = null;
            if (r.containsKey("multiply")) {
                if (type != RuleType.DECIMAL) {
                    throw error(r.get("multiply").getKeyNode(), "'multiply' applies only to type decimal");
                }
                try {
                    multiply = new BigDecimal(scalar(r.get("multiply").getValueNode()));
                } catch (NumberFormatException e) {
                    throw error(r.get("multiply").getValueNode(), "multiply is a decimal number, e.g. 0.0001 for 元 to 万元");
                }
            }
            boolean required = false;
            if (r.containsKey("required")) {
                String v = scalar(r.get("required").getValueNode());
                if (!v.equals("true") && !v.equals("false")) {
                    throw error(r.get("required").getValueNode(), "required is true or false");
                }
                required = Boolean.parseBoolean(v);
            }
            return new FieldRule(field, source, accessor, type, steps, codeList, label, multiply, required);
        }

        private SourceAccessor accessor(SourceFormat format, String source, Node node) {
            try {
                return SourceAccessor.compile(format, source);
            } catch (IllegalArgumentException e) {
                throw error(node, e.getMessage());
            }
        }

        private Map<String, NodeTuple> entries(MappingNode node, Set<String> allowed, String where) {
            Map<String, NodeTuple> m = new LinkedHashMap<>();
            for (NodeTuple tuple : node.getValue()) {
                String k = scalar(tuple.getKeyNode());
                if (!allowed.contains(k)) {
                    throw error(tuple.getKeyNode(), "unknown entry '" + k + "' in " + where + " (allowed: " + new java.util.TreeSet<>(allowed) + ")");
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

        private String scalar(Node node) {
            if (node instanceof ScalarNode s) {
                return s.getValue();
            }
            throw error(node, "expected a single value here");
        }

        private String requiredScalar(Map<String, NodeTuple> entries, String key, Node parent) {
            NodeTuple t = entries.get(key);
            if (t == null) {
                throw error(parent, "missing required entry '" + key + "'");
            }
            String v = scalar(t.getValueNode());
            if (v == null || v.isBlank()) {
                throw error(t.getValueNode(), "'" + key + "' is empty");
            }
            return v.strip();
        }

        private String optionalScalar(Map<String, NodeTuple> entries, String key) {
            NodeTuple t = entries.get(key);
            return t == null ? null : scalar(t.getValueNode());
        }

        private MappingFileException error(Node node, String reason) {
            return new MappingFileException(name, line(node), reason);
        }
    }

    private static int line(Node node) {
        return YamlFiles.line(node);
    }
}
