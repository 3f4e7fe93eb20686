package dam.local.s3;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** S3's XML error document, for the few responses the provider writes itself. */
public final class S3Errors {

    private S3Errors() {
    }

    public static void write(HttpServletResponse response, int status, String code, String message, String resource)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/xml");
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + escape(code) + "</Code><Message>"
                + escape(message) + "</Message>"
                + (resource == null ? "" : "<Resource>" + escape(resource) + "</Resource>")
                + "<RequestId>local</RequestId></Error>";
        response.getOutputStream().write(xml.getBytes(StandardCharsets.UTF_8));
    }

    static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
