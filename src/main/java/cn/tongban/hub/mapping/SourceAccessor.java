package cn.tongban.hub.mapping;

import java.util.Map;
import java.util.regex.Pattern;

import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads one source value out of a record, compiled once from a rule's {@code source}.
 * A value that is absent reads as null; what counts as blank is decided later.
 */
@FunctionalInterface
interface SourceAccessor {

    Object read(Object record);

    Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$#]*");
    Pattern SIMPLE_XPATH = Pattern.compile("[A-Za-z_][\\w.-]*(/[A-Za-z_][\\w.-]*)*(/@[A-Za-z_][\\w.-]*)?|@[A-Za-z_][\\w.-]*");

    /**
     * Compiles a source expression for a format.
     *
     * @throws IllegalArgumentException with a reason fit for the file's error message
     */
    static SourceAccessor compile(SourceFormat format, String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source is empty");
        }
        return switch (format) {
            case JSON -> json(source);
            case ROW -> row(source);
            case XML -> xml(source);
        };
    }

    private static SourceAccessor json(String source) {
        if (!source.startsWith("/")) {
            throw new IllegalArgumentException("a JSON source is a JSON pointer and starts with '/': '" + source + "'");
        }
        JsonPointer pointer;
        try {
            pointer = JsonPointer.compile(source);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + source + "' is not a JSON pointer: " + e.getMessage());
        }
        return record -> {
            if (!(record instanceof JsonNode node)) {
                throw new IllegalStateException("a json mapping reads JSON records, got " + type(record));
            }
            return jsonValue(node.at(pointer));
        };
    }

    static Object jsonValue(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isNumber()) {
            if ((n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) {
                // 1e309 parses as an infinite double, which has no decimal value.
                throw new MappingException(MappingError.NUMBER_FORMAT, "a number out of range: " + n.asText());
            }
            return n.decimalValue();
        }
        if (n.isValueNode()) {
            return n.asText();
        }
        return n.toString();
    }

    private static SourceAccessor row(String column) {
        if (!COLUMN.matcher(column).matches()) {
            throw new IllegalArgumentException("'" + column + "' is not a column name");
        }
        String upper = column.toUpperCase(java.util.Locale.ROOT);
        return record -> {
            if (!(record instanceof Map<?, ?> row)) {
                throw new IllegalStateException("a row mapping reads rows (maps), got " + type(record));
            }
            Object v = row.get(column);
            if (v == null && !row.containsKey(column)) {
                // Databases differ in the case they report column labels in.
                v = row.get(upper);
                if (v == null) {
                    for (Map.Entry<?, ?> e : row.entrySet()) {
                        if (e.getKey() instanceof String k && k.equalsIgnoreCase(column)) {
                            return e.getValue();
                        }
                    }
                }
            }
            return v;
        };
    }

    private static SourceAccessor xml(String source) {
        if (SIMPLE_XPATH.matcher(source).matches()) {
            String[] steps = source.split("/");
            return record -> {
                if (record instanceof Map<?, ?> flat) {
                    // An envelope parser may hand over the record as element name -> text.
                    return steps.length == 1 && !source.startsWith("@") ? flat.get(source) : null;
                }
                if (!(record instanceof Element element)) {
                    throw new IllegalStateException("an xml mapping reads elements, got " + type(record));
                }
                return walk(element, steps);
            };
        }
        XPath xpath = XPathFactory.newInstance().newXPath();
        XPathExpression expression;
        try {
            expression = xpath.compile(source);
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("'" + source + "' is not an XPath expression: " + e.getMessage());
        }
        return record -> {
            if (!(record instanceof Node node)) {
                throw new IllegalStateException("this XPath needs an XML element, got " + type(record));
            }
            try {
                // XPathExpression is not thread-safe.
                synchronized (expression) {
                    Node found = (Node) expression.evaluate(node, XPathConstants.NODE);
                    return found == null ? null : found.getTextContent();
                }
            } catch (XPathExpressionException e) {
                throw new MappingException(MappingError.MALFORMED_RECORD, "XPath " + source + " failed");
            }
        };
    }

    private static Object walk(Element start, String[] steps) {
        Element current = start;
        for (String step : steps) {
            if (step.startsWith("@")) {
                String attr = step.substring(1);
                return current.hasAttribute(attr) ? current.getAttribute(attr) : null;
            }
            Element next = null;
            for (Node c = current.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element e && step.equals(e.getTagName())) {
                    next = e;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            current = next;
        }
        return current.getTextContent();
    }

    private static String type(Object record) {
        return record == null ? "null" : record.getClass().getSimpleName();
    }
}
