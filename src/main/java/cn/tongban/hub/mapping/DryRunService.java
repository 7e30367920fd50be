package cn.tongban.hub.mapping;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Service;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import cn.tongban.hub.crosswalk.Crosswalk;
import cn.tongban.hub.crosswalk.KeyResolver;

/**
 * The developer loop's dry run: maps a pasted source record with the mapping in force and
 * the live crosswalk (read only: a dry run asserts no links and writes nothing), and shows
 * the canonical result with provenance, or the stable error a real ingestion would
 * quarantine the record with.
 */
@Service
public class DryRunService {

    /** One record's outcome: the mapped record, or the error code and reason. */
    public record Outcome(RecordView record, String error, String reason) {
    }

    /** The dry run of one pasted input, which may hold several records. */
    public record Result(String mapping, String silo, String entity, String format, List<Outcome> outcomes) {
    }

    private final Mappings mappings;
    private final Crosswalk crosswalk;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    public DryRunService(Mappings mappings, Crosswalk crosswalk, ObjectMapper json) {
        this.mappings = mappings;
        this.crosswalk = crosswalk;
        this.json = json;
    }

    /**
     * @param body the record as the silo sends it: JSON for json mappings (a whole answer
     *             when the mapping has {@code lookup.records}), XML for xml mappings (every
     *             {@code <record>} element, or the root element), a JSON object or array of
     *             objects (column: value) for row mappings
     * @throws IllegalArgumentException when the mapping id is unknown
     */
    public Result run(String mappingId, byte[] body) {
        CompiledMapping mapping = mappings.require(mappingId);
        Instant now = clock.instant();
        List<Object> records;
        try {
            records = records(mapping, body);
        } catch (MappingException e) {
            return new Result(mapping.id(), mapping.silo(), mapping.entity().id(), mapping.format().id(),
                    List.of(new Outcome(null, e.error().name(), e.getMessage())));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Object r : records) {
            try {
                outcomes.add(new Outcome(RecordView.of(KeyResolver.resolve(mapping, mapping.map(r, now), crosswalk)), null, null));
            } catch (MappingException e) {
                outcomes.add(new Outcome(null, e.error().name(), e.getMessage()));
            }
        }
        return new Result(mapping.id(), mapping.silo(), mapping.entity().id(), mapping.format().id(), outcomes);
    }

    private List<Object> records(CompiledMapping mapping, byte[] body) {
        if (body == null || body.length == 0) {
            throw new MappingException(MappingError.MALFORMED_RECORD, "empty input");
        }
        return switch (mapping.format()) {
            case JSON -> {
                JsonNode tree = readJson(body);
                JsonNode at = mapping.recordsPointer() == null ? tree : tree.at(mapping.recordsPointer());
                if (at.isMissingNode()) {
                    at = tree; // a single record pasted without its envelope
                }
                List<Object> out = new ArrayList<>();
                if (at.isArray()) {
                    at.forEach(out::add);
                } else {
                    out.add(at);
                }
                yield out;
            }
            case ROW -> {
                JsonNode tree = readJson(body);
                List<Object> out = new ArrayList<>();
                TypeReference<Map<String, Object>> row = new TypeReference<>() {
                };
                if (tree.isArray()) {
                    tree.forEach(n -> out.add(json.convertValue(n, row)));
                } else if (tree.isObject()) {
                    out.add(json.convertValue(tree, row));
                } else {
                    throw new MappingException(MappingError.MALFORMED_RECORD, "a row is a JSON object of column: value");
                }
                yield out;
            }
            case XML -> {
                Document doc = readXml(body);
                NodeList found = doc.getElementsByTagName("record");
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < found.getLength(); i++) {
                    out.add(found.item(i));
                }
                if (out.isEmpty()) {
                    out.add(doc.getDocumentElement());
                }
                yield out;
            }
        };
    }

    private JsonNode readJson(byte[] body) {
        try {
            JsonNode n = json.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new MappingException(MappingError.MALFORMED_RECORD, "empty input");
            }
            return n;
        } catch (IOException e) {
            throw new MappingException(MappingError.MALFORMED_RECORD, "not valid JSON");
        }
    }

    private static Document readXml(byte[] body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // No DTDs, no external entities: an XXE payload is refused, not parsed.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            return b.parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw new MappingException(MappingError.MALFORMED_RECORD, "not well-formed XML or has a DOCTYPE");
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
