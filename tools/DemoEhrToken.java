// Plays a demonstration EHR for CDS Hooks client authentication, with the JDK alone (no build needed):
//
//   java tools/DemoEhrToken.java keys DIR             an ES384 (P-384) key pair: DIR/ehr-private.pk8 and DIR/ehr-jwks.json
//   java tools/DemoEhrToken.java token DIR ISS URL    a signed JWT for one call to the endpoint at URL: kid demo-1,
//                                                     aud URL (CDS Hooks 2.0: the URL of the endpoint invoked),
//                                                     a fresh jti, 5 minutes
//
// URL is the endpoint as the EHR calls it: http://localhost:8080/cds-services for discovery,
// http://localhost:8080/cds-services/backward-walking-patient-view for the service, and .../feedback for feedback.
//
// The JWKS file holds the public key only; give it to retrowalk-cds as an issuer's jwks-file. Keep the
// private key where the EHR runs. This is for trying the service out, not a key-management tool.

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

public class DemoEhrToken {

    static final String KID = "demo-1";

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("keys")) {
            keys(Path.of(args[1]));
        } else if (args.length == 4 && args[0].equals("token")) {
            System.out.println(token(Path.of(args[1]), args[2], args[3]));
        } else {
            System.err.println("usage: java tools/DemoEhrToken.java keys DIR | token DIR ISS ENDPOINT_URL");
            System.exit(2);
        }
    }

    static void keys(Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair pair = generator.generateKeyPair();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ehr-private.pk8"), Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        String jwks = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-384\",\"kid\":\"" + KID + "\",\"use\":\"sig\",\"alg\":\"ES384\","
                + "\"x\":\"" + b64(coordinate(pub.getW().getAffineX())) + "\",\"y\":\"" + b64(coordinate(pub.getW().getAffineY())) + "\"}]}";
        Files.writeString(dir.resolve("ehr-jwks.json"), jwks);
        System.out.println("wrote " + dir.resolve("ehr-private.pk8") + " and " + dir.resolve("ehr-jwks.json"));
    }

    static String token(Path dir, String issuer, String audience) throws Exception {
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(Files.readString(dir.resolve("ehr-private.pk8")).trim())));
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"ES384\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\"}";
        String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"iat\":" + now
                + ",\"exp\":" + (now + 300) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA384withECDSAinP1363Format");
        signature.initSign(key);
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64(signature.sign());
    }

    /** A P-384 coordinate as exactly 48 unsigned big-endian bytes. */
    static byte[] coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[48];
        int copy = Math.min(bytes.length, 48);
        System.arraycopy(bytes, bytes.length - copy, fixed, 48 - copy, copy);
        return fixed;
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
