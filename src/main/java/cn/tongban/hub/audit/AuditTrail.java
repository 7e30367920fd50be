package cn.tongban.hub.audit;

/** TEMPORARY placeholder with the contract of the audit branch; replaced when it is merged. */
@org.springframework.stereotype.Service
public class AuditTrail {
    public long append(AuditEntry e) {
        return -1;
    }

    public String digest(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException x) {
            throw new IllegalStateException(x);
        }
    }
}
