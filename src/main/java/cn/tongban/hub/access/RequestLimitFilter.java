package cn.tongban.hub.access;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import cn.tongban.hub.api.ProblemCodes;
import cn.tongban.hub.api.ProblemJson;

/**
 * Refuses API request bodies over {@code hub.security.max-request-bytes} with 413
 * {@code REQUEST_TOO_LARGE}, whether the size is announced (Content-Length) or not (chunked):
 * the body is read up to the limit before anything else sees it. API bodies are small JSON
 * documents, so holding one in memory is cheaper than any streaming check.
 */
final class RequestLimitFilter extends OncePerRequestFilter {

    private final int maxBytes;

    RequestLimitFilter(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long announced = request.getContentLengthLong();
        if (announced > maxBytes) {
            tooLarge(request, response);
            return;
        }
        boolean hasBody = announced > 0 || request.getHeader("Transfer-Encoding") != null;
        if (!hasBody) {
            chain.doFilter(request, response);
            return;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream((int) Math.max(announced, 256));
        try (InputStream in = request.getInputStream()) {
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (buf.size() + n > maxBytes) {
                    tooLarge(request, response);
                    return;
                }
                buf.write(chunk, 0, n);
            }
        }
        chain.doFilter(new Held(request, buf.toByteArray()), response);
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Connection", "close");
        ProblemJson.write(request, response, HttpStatus.PAYLOAD_TOO_LARGE, ProblemCodes.REQUEST_TOO_LARGE, "Request too large",
                "Request bodies are limited to " + maxBytes + " bytes.");
    }

    /** The request with its body already read. */
    private static final class Held extends HttpServletRequestWrapper {
        private final byte[] body;

        Held(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String enc = getCharacterEncoding();
            java.nio.charset.Charset cs = StandardCharsets.UTF_8;
            if (enc != null && java.nio.charset.Charset.isSupported(enc)) {
                cs = java.nio.charset.Charset.forName(enc);
            }
            return new BufferedReader(new InputStreamReader(getInputStream(), cs));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
