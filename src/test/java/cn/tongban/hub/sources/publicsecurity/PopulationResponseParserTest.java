package cn.tongban.hub.sources.publicsecurity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import cn.tongban.hub.mapping.MappingError;
import cn.tongban.hub.mapping.MappingException;
import cn.tongban.hub.sources.publicsecurity.PopulationLookup.Status;

/** Reading the population service's GBK XML envelope, and refusing what must not be read. */
@ExtendWith(OutputCaptureExtension.class)
class PopulationResponseParserTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final String GBK_XML = "application/xml; charset=GBK";
    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"GBK\"?>\n";
    private static final String ID = "11010519491231002X";

    private final PopulationResponseParser parser = new PopulationResponseParser();

    private static String envelope(String records, int total) {
        return DECLARATION + "<response><success>true</success><code>0000</code><message>查询成功</message>"
                + "<total>" + total + "</total><records>" + records + "</records></response>";
    }

    private static String record(String name) {
        return "<record><XM>" + name + "</XM><GMSFHM>" + ID + "</GMSFHM><XB>1</XB><MZ>01</MZ><CSRQ>19491231</CSRQ>"
                + "<HJDZ>安徽省芜湖市镜湖区赭山街道</HJDZ><HH></HH></record>";
    }

    private static String failure(String code, String message) {
        return DECLARATION + "<response><success>false</success><code>" + code + "</code><message>" + message
                + "</message><total>0</total><records/></response>";
    }

    private void assertMalformed(byte[] body, String contentType) {
        assertThatThrownBy(() -> parser.parse(body, contentType, 200))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.error()).isEqualTo(MappingError.MALFORMED_RECORD));
    }

    @Test
    void decodesChineseNamesAndAddressesFromGbk() {
        PopulationLookup lookup = parser.parse(envelope(record("欧阳娜娜"), 1).getBytes(GBK), GBK_XML, 200);

        assertThat(lookup.status()).isEqualTo(Status.OK);
        assertThat(lookup.errorCode()).isNull();
        assertThat(lookup.records()).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("XM", "欧阳娜娜")
                    .containsEntry("GMSFHM", ID)
                    .containsEntry("HJDZ", "安徽省芜湖市镜湖区赭山街道")
                    .containsEntry("HH", "");
            assertThat(r.keySet()).startsWith("XM", "GMSFHM", "XB");
        });
    }

    @Test
    void takesTheEncodingFromTheXmlDeclarationWhenContentTypeHasNoCharset() {
        PopulationLookup lookup = parser.parse(envelope(record("张三"), 1).getBytes(GBK), "application/xml", 200);

        assertThat(lookup.records()).singleElement().satisfies(r -> assertThat(r).containsEntry("XM", "张三"));
    }

    @Test
    void readsAGb2312DeclarationUnderAGbkContentType() {
        String body = envelope(record("李四"), 1).replace("encoding=\"GBK\"", "encoding=\"GB2312\"");

        assertThat(parser.parse(body.getBytes(GBK), GBK_XML, 200).records())
                .singleElement().satisfies(r -> assertThat(r).containsEntry("XM", "李四"));
    }

    @Test
    void answersNotFoundWhenTotalIsZero() {
        PopulationLookup lookup = parser.parse(envelope("", 0).getBytes(GBK), GBK_XML, 200);

        assertThat(lookup.status()).isEqualTo(Status.NOT_FOUND);
        assertThat(lookup.status().hubStatus()).isEqualTo("not_found");
        assertThat(lookup.records()).isEmpty();
    }

    @Test
    void reportsABadSignatureAsRefusedWithTheSiloCode() {
        PopulationLookup lookup = parser.parse(failure("4001", "签名错误").getBytes(GBK), GBK_XML, 401);

        assertThat(lookup.status()).isEqualTo(Status.REFUSED);
        assertThat(lookup.status().hubStatus()).isEqualTo("error");
        assertThat(lookup.errorCode()).isEqualTo("4001");
    }

    @Test
    void reportsAStaleTimestampAsRefusedEvenWithoutA401() {
        PopulationLookup lookup = parser.parse(failure("4002", "时间戳过期").getBytes(GBK), GBK_XML, 200);

        assertThat(lookup.status()).isEqualTo(Status.REFUSED);
        assertThat(lookup.errorCode()).isEqualTo("4002");
    }

    @Test
    void reportsOtherFailuresAsErrorWithTheSiloCode() {
        PopulationLookup lookup = parser.parse(failure("4000", "缺少参数 gmsfhm").getBytes(GBK), GBK_XML, 400);

        assertThat(lookup.status()).isEqualTo(Status.ERROR);
        assertThat(lookup.errorCode()).isEqualTo("4000");
    }

    @Test
    void shouldNotAllowAnXxeFileReadPayload(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        String body = "<?xml version=\"1.0\" encoding=\"GBK\"?>\n"
                + "<!DOCTYPE response [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + "<response><success>true</success><code>0000</code><total>1</total>"
                + "<records><record><XM>&xxe;</XM></record></records></response>";

        assertThatThrownBy(() -> parser.parse(body.getBytes(GBK), GBK_XML, 200))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.error()).isEqualTo(MappingError.MALFORMED_RECORD);
                    assertThat(e.getMessage()).doesNotContain("TOP-SECRET-CONTENT").doesNotContain("xxe");
                });
    }

    @Test
    void shouldNotAllowABillionLaughsPayload() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE response [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        String body = DECLARATION + dtd + "<response><success>true</success><total>1</total>"
                + "<records><record><XM>&lol9;</XM></record></records></response>";

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertMalformed(body.getBytes(GBK), GBK_XML));
    }

    @Test
    void shouldNotAllowMalformedXml() {
        assertMalformed((DECLARATION + "<response><success>true</success><records><record><XM>张三</record>")
                .getBytes(GBK), GBK_XML);
    }

    @Test
    void shouldNotAllowABodyThatIsNotXml() {
        assertMalformed("{\"success\":true}".getBytes(GBK), GBK_XML);
        assertMalformed("<html><body>502 Bad Gateway</body></html>".getBytes(GBK), GBK_XML);
    }

    @Test
    void shouldNotAllowAnEmptyBody() {
        assertMalformed(new byte[0], GBK_XML);
        assertMalformed(null, GBK_XML);
        assertMalformed("  \n ".getBytes(GBK), GBK_XML);
    }

    @Test
    void shouldNotAllowUtf8BytesLabelledGbk() {
        // 张 is three bytes in UTF-8; read as GBK its last byte starts a pair that '<' cannot end.
        byte[] utf8 = envelope(record("张"), 1).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parser.parse(utf8, GBK_XML, 200))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.error()).isEqualTo(MappingError.MALFORMED_RECORD);
                    assertThat(e.getMessage()).contains("not valid GBK");
                });
    }

    @Test
    void shouldNotAllowABodyWithoutDeclaredEncoding() {
        byte[] body = envelope(record("张三"), 1).replace(DECLARATION, "").getBytes(GBK);

        assertMalformed(body, "application/xml");
        assertMalformed(body, null);
    }

    @Test
    void shouldNotAllowContradictingEncodingLabels() {
        assertMalformed(envelope(record("张三"), 1).getBytes(GBK), "application/xml; charset=ISO-8859-1");
    }

    @Test
    void shouldNotAllowAnUnknownEncoding() {
        assertMalformed(envelope(record("张三"), 1).getBytes(GBK), "application/xml; charset=NO-SUCH-CHARSET");
    }

    @Test
    void shouldNotAllowAnotherRootElement() {
        assertMalformed((DECLARATION + "<result><success>true</success></result>").getBytes(GBK), GBK_XML);
    }

    @Test
    void routeStepTurnsAnXxePayloadIntoAnErrorLookupAndLogsNoPayload(CapturedOutput output) throws Exception {
        String body = DECLARATION + "<!DOCTYPE response [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<response><success>true</success><records><record><XM>&xxe;</XM><GMSFHM>" + ID
                + "</GMSFHM></record></records></response>";
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, GBK_XML);
            exchange.getMessage().setBody(body.getBytes(GBK));

            PopulationLookup lookup = parser.read(exchange);

            assertThat(lookup.status()).isEqualTo(Status.ERROR);
            assertThat(lookup.errorCode()).isEqualTo(MappingError.MALFORMED_RECORD.name());
            assertThat(exchange.getMessage().getBody()).isSameAs(lookup);
        }
        assertThat(output).contains("MALFORMED_RECORD").doesNotContain(ID).doesNotContain("passwd");
    }

    @Test
    void routeStepReportsTheHttpStatusWhenAnErrorPageIsNotAnEnvelope() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 502);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=UTF-8");
            exchange.getMessage().setBody("<html><body>Bad Gateway".getBytes(StandardCharsets.UTF_8));

            PopulationLookup lookup = parser.read(exchange);

            assertThat(lookup.status()).isEqualTo(Status.ERROR);
            assertThat(lookup.errorCode()).isEqualTo("HTTP_502");
        }
    }

    @Test
    void lookupToStringShowsNoPersonalData() {
        PopulationLookup lookup = parser.parse(envelope(record("王五"), 1).getBytes(GBK), GBK_XML, 200);

        assertThat(lookup.toString()).doesNotContain("王五").doesNotContain(ID).contains("records=1");
    }
}
