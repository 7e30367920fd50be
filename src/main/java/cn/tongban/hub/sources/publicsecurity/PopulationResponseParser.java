package cn.tongban.hub.sources.publicsecurity;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import cn.tongban.hub.mapping.MappingError;
import cn.tongban.hub.mapping.MappingException;
import cn.tongban.hub.sources.publicsecurity.PopulationLookup.Status;

/**
 * The last step of the {@code public-security} route: reads the population service's XML
 * envelope into a {@link PopulationLookup}.
 *
 * <p>The body is decoded with the charset its Content-Type or XML declaration names (GBK
 * in practice; UTF-8 is never assumed) and a byte sequence that is not valid in that
 * charset is rejected rather than turned into mojibake. DTDs are refused outright, so an
 * XXE or entity-expansion payload fails like any other malformed answer. Nothing of the
 * body is ever logged: it carries names and citizen IDs.
 */
@Component("publicSecurityResponseParser")
public class PopulationResponseParser {

    /** Failure codes of the silo that mean "the hub itself was refused" (signature, timestamp, app). */
    static final Set<String> REFUSAL_CODES = Set.of("4001", "4002", "4003");

    private static final Logger log = LoggerFactory.getLogger(PopulationResponseParser.class);
    // Only the ASCII-compatible head of the body is looked at; the declaration is always there.
    private static final int DECLARATION_WINDOW = 200;
    private static final Pattern XML_DECLARATION_ENCODING =
            Pattern.compile("^\\s*<\\?xml\\s[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");
    private static final Pattern CONTENT_TYPE_CHARSET =
            Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([A-Za-z0-9._:-]+)\"?");
    private static final String ROOT = "response";
    // Each of these national encodings is a superset of the ones before it.
    private static final List<String> CHINESE_NATIONAL = List.of("GB2312", "GBK", "GB18030");

    private final DocumentBuilderFactory factory = secureFactory();

    /**
     * Route step: the HTTP answer on the exchange becomes the body, a {@link PopulationLookup}.
     * An answer that cannot be read is an {@link Status#ERROR} look-up with a stable code.
     */
    public PopulationLookup read(Exchange exchange) {
        Message message = exchange.getMessage();
        int httpStatus = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        byte[] body = message.getBody(byte[].class);
        PopulationLookup lookup;
        try {
            lookup = parse(body, contentType, httpStatus);
        } catch (MappingException e) {
            String code = isSuccess(httpStatus) ? e.error().name() : PopulationLookup.HTTP_STATUS_PREFIX + httpStatus;
            // The exception message names the rule that failed, never a value from the body.
            log.warn("Rejected public-security answer (HTTP {}, {} bytes): {}", httpStatus,
                    body == null ? 0 : body.length, e.getMessage());
            lookup = PopulationLookup.failed(Status.ERROR, code);
        }
        if (lookup.status() == Status.REFUSED) {
            log.error("public-security refused the hub (HTTP {}, code {}): check app key, secret and clock",
                    httpStatus, lookup.errorCode());
        }
        message.setBody(lookup);
        return lookup;
    }

    /**
     * Reads one answer of the population service.
     *
     * @throws MappingException {@link MappingError#MALFORMED_RECORD} when the body is empty,
     *                          has no or an unknown encoding, is not valid in its encoding, is
     *                          not well-formed XML, has a DOCTYPE, or is not the envelope
     */
    public PopulationLookup parse(byte[] body, String contentType, int httpStatus) {
        if (body == null || body.length == 0) {
            throw malformed("empty body");
        }
        String text = decode(body, charsetOf(body, contentType));
        if (text.isBlank()) {
            throw malformed("empty body");
        }
        Element root = parseXml(text).getDocumentElement();
        if (!ROOT.equals(root.getTagName())) {
            throw malformed("root element is not <" + ROOT + ">");
        }
        String success = childText(root, "success");
        if (success == null) {
            throw malformed("envelope has no <success>");
        }
        if (!"true".equalsIgnoreCase(success)) {
            String code = childText(root, "code");
            boolean refused = httpStatus == 401 || httpStatus == 403 || REFUSAL_CODES.contains(code);
            return PopulationLookup.failed(refused ? Status.REFUSED : Status.ERROR,
                    code == null || code.isEmpty() ? PopulationLookup.HTTP_STATUS_PREFIX + httpStatus : code);
        }
        if (!isSuccess(httpStatus)) {
            return PopulationLookup.failed(Status.ERROR, PopulationLookup.HTTP_STATUS_PREFIX + httpStatus);
        }
        List<Map<String, String>> records = records(root);
        String total = childText(root, "total");
        if ("0".equals(total) && !records.isEmpty()) {
            throw malformed("<total> is 0 but records are present");
        }
        return records.isEmpty() ? PopulationLookup.notFound() : PopulationLookup.found(records);
    }

    /**
     * The charset the answer declares: the Content-Type's (RFC 7303 gives it precedence),
     * else the XML declaration's. When both are given, the Content-Type's must cover the
     * declared one (GBK covers GB2312), otherwise the labels contradict each other.
     */
    static Charset charsetOf(byte[] body, String contentType) {
        Charset fromHeader = null;
        if (contentType != null) {
            Matcher m = CONTENT_TYPE_CHARSET.matcher(contentType);
            if (m.find()) {
                fromHeader = charset(m.group(1));
            }
        }
        String head = new String(body, 0, Math.min(body.length, DECLARATION_WINDOW), StandardCharsets.ISO_8859_1);
        Matcher m = XML_DECLARATION_ENCODING.matcher(head);
        Charset declared = m.find() ? charset(m.group(1)) : null;
        if (fromHeader == null && declared == null) {
            throw malformed("no encoding declared in Content-Type or XML declaration");
        }
        if (fromHeader != null && declared != null && !covers(fromHeader, declared)) {
            throw malformed("Content-Type charset " + fromHeader.name() + " contradicts declared " + declared.name());
        }
        return fromHeader != null ? fromHeader : declared;
    }

    /** Java's {@link Charset#contains} does not know that GB18030 covers GBK and GBK covers GB2312. */
    private static boolean covers(Charset outer, Charset inner) {
        if (outer.equals(inner) || outer.contains(inner)) {
            return true;
        }
        int o = CHINESE_NATIONAL.indexOf(outer.name());
        int i = CHINESE_NATIONAL.indexOf(inner.name());
        return o >= 0 && i >= 0 && o >= i;
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw malformed("unsupported encoding");
        }
    }

    private static String decode(byte[] body, Charset charset) {
        try {
            String text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw malformed("bytes are not valid " + charset.name());
        }
    }

    private Document parseXml(String text) {
        try {
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(SILENT);
            // Already decoded: the parser reads characters and ignores the declared encoding.
            return builder.parse(new InputSource(new StringReader(text)));
        } catch (SAXParseException e) {
            // The parser's message may quote entity names from the body; give the position only.
            throw malformed("not well-formed XML or has a DOCTYPE (line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + ")");
        } catch (SAXException | IOException e) {
            throw malformed("not well-formed XML");
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be configured securely", e);
        }
    }

    private static List<Map<String, String>> records(Element root) {
        List<Map<String, String>> out = new ArrayList<>();
        Element records = child(root, "records");
        if (records == null) {
            return out;
        }
        for (Node n = records.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element record && "record".equals(record.getTagName())) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (Node f = record.getFirstChild(); f != null; f = f.getNextSibling()) {
                    if (f instanceof Element field) {
                        fields.put(field.getTagName(), field.getTextContent());
                    }
                }
                out.add(fields);
            }
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    private static String childText(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }

    private static boolean isSuccess(int httpStatus) {
        return httpStatus >= 200 && httpStatus < 300;
    }

    private static MappingException malformed(String detail) {
        return new MappingException(MappingError.MALFORMED_RECORD, detail);
    }

    /** DTDs, external entities, external schemas and XInclude all off (OWASP XXE prevention). */
    private static DocumentBuilderFactory secureFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser does not support the features that disable XXE", e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        f.setValidating(false);
        return f;
    }

    /** The default handler prints to stderr, where a message could quote the body. */
    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
