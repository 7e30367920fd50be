package cn.tongban.hub.audit;

import java.util.Base64;
import java.util.regex.Pattern;

/** Key text as configured: PEM ({@code -----BEGIN ...-----}) or bare base64 of the DER. */
final class Pem {

    private static final Pattern ARMOUR = Pattern.compile("-----(BEGIN|END) [A-Z0-9 ]+-----");
    private static final int LINE = 64;

    private Pem() {
    }

    /**
     * The DER bytes. A literal {@code \n} (two characters, as some environment files carry a
     * multi-line value) counts as a line break.
     */
    static byte[] der(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        String body = ARMOUR.matcher(text.replace("\\n", "\n")).replaceAll("").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is neither PEM nor base64 DER", e);
        }
    }

    static String armour(String label, byte[] der) {
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder out = new StringBuilder("-----BEGIN ").append(label).append("-----\n");
        for (int i = 0; i < b64.length(); i += LINE) {
            out.append(b64, i, Math.min(b64.length(), i + LINE)).append('\n');
        }
        return out.append("-----END ").append(label).append("-----\n").toString();
    }
}
