package dam.local.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The local sign-in key: one RSA-2048 key pair persisted as a PKCS#8 PEM under the state dir (owner-only), so
 * tokens stay valid across restarts. Signs and verifies RS256 JWTs; publishes the public half as a JWKS.
 */
final class LocalKeys {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    /** A token whose signature is valid: its header and claims (not yet checked for time, issuer, audience). */
    record Verified(ObjectNode header, ObjectNode claims) {
    }

    /** Why a token was refused; the message is safe to show (never contains the token). */
    static final class InvalidToken extends Exception {
        InvalidToken(String message) {
            super(message);
        }
    }

    private final RSAPrivateCrtKey privateKey;
    private final RSAPublicKey publicKey;
    private final String kid;

    private LocalKeys(RSAPrivateCrtKey privateKey) throws GeneralSecurityException {
        this.privateKey = privateKey;
        this.publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        this.kid = thumbprint(publicKey);
    }

    static LocalKeys loadOrCreate(Path pemFile) {
        try {
            if (Files.isRegularFile(pemFile)) {
                String pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
                String body = pem.replace(PEM_BEGIN, "").replace(PEM_END, "").replaceAll("\\s", "");
                var key = KeyFactory.getInstance("RSA")
                        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
                return new LocalKeys((RSAPrivateCrtKey) key);
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
            write(pemFile, PEM_BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded()) + "\n" + PEM_END + "\n");
            return new LocalKeys(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create the local signing key " + pemFile, e);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("the local signing key " + pemFile
                    + " is not an RSA PKCS#8 key; delete it to get a new one", e);
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    String kid() {
        return kid;
    }

    String sign(ObjectNode claims) {
        ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT").put("kid", kid);
        String signingInput = B64URL.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + B64URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RS256 signing failed", e);
        }
    }

    /** Checks structure, algorithm (RS256 only: no "none", no HMAC confusion), key id and signature. */
    Verified verify(String token) throws InvalidToken {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidToken("the token is not a JWS compact serialization");
        }
        ObjectNode header = decodeObject(parts[0], "header");
        if (!"RS256".equals(header.path("alg").asText(null))) {
            throw new InvalidToken("the token's algorithm must be RS256");
        }
        if (header.has("kid") && !kid.equals(header.path("kid").asText())) {
            throw new InvalidToken("the token was signed by an unknown key");
        }
        byte[] signature;
        try {
            signature = B64URL_DECODER.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new InvalidToken("the token's signature is not base64url");
        }
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(publicKey);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(signature)) {
                throw new InvalidToken("the token's signature is invalid");
            }
        } catch (java.security.SignatureException e) {
            throw new InvalidToken("the token's signature is invalid");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RS256 verification unavailable", e);
        }
        return new Verified(header, decodeObject(parts[1], "claims"));
    }

    /** The public key as a JSON Web Key Set (what Cognito publishes at {@code <issuer>/.well-known/jwks.json}). */
    ObjectNode jwks() {
        ObjectNode jwks = JSON.createObjectNode();
        jwks.putArray("keys").addObject()
                .put("kty", "RSA").put("alg", "RS256").put("use", "sig").put("kid", kid)
                .put("n", unsigned(publicKey.getModulus())).put("e", unsigned(publicKey.getPublicExponent()));
        return jwks;
    }

    private static ObjectNode decodeObject(String part, String what) throws InvalidToken {
        try {
            JsonNode node = JSON.readTree(B64URL_DECODER.decode(part));
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidToken("the token's " + what + " is not base64url JSON");
        }
        throw new InvalidToken("the token's " + what + " is not a JSON object");
    }

    /** RFC 7638 JWK thumbprint: SHA-256 over the required members in lexicographic order. */
    private static String thumbprint(RSAPublicKey key) throws GeneralSecurityException {
        String canonical = "{\"e\":\"" + unsigned(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\""
                + unsigned(key.getModulus()) + "\"}";
        return B64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    /** Base64url of a positive integer's big-endian bytes without the sign byte (RFC 7518 §6.3). */
    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return B64URL.encodeToString(bytes);
    }
}
