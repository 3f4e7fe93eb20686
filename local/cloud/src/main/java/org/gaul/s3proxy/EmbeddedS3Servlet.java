package org.gaul.s3proxy;

import jakarta.servlet.http.HttpServlet;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * Shim in S3Proxy's package: its servlet class is package-private, and S3Proxy's own server owns its port. Building
 * the servlet here lets the edge mount it behind its router on the one port 4566, so signatures (which cover the Host
 * header) verify unchanged.
 */
public final class EmbeddedS3Servlet {

    private EmbeddedS3Servlet() {
    }

    public static HttpServlet create(BlobStore store, String identity, String credential, String virtualHost,
                                     CrossOriginResourceSharing cors) {
        return new S3ProxyHandlerJetty(store, AuthenticationType.AWS_V2_OR_V4, identity, credential, virtualHost,
                5L * 1024 * 1024 * 1024, 128L * 1024 * 1024, 16 * 1024 * 1024, true, cors, null, 15 * 60, null);
    }
}
