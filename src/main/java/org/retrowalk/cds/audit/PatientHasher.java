package org.retrowalk.cds.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;
import org.retrowalk.cds.config.RetrowalkConfig;

/**
 * The audit trail names a patient only by HMAC-SHA256(key, patient id): calls about one patient can be
 * grouped, and someone holding the key and an id can find that patient's calls, but the table alone does
 * not reveal who anyone is. A plain hash would not do: patient ids are short and guessable.
 */
@ApplicationScoped
public class PatientHasher {

    private static final Logger LOG = Logger.getLogger(PatientHasher.class);
    static final String KEY_FILE = "patient-hash.key";
    private static final int MIN_KEY_CHARS = 32;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    @Inject
    public PatientHasher(RetrowalkConfig config) {
        Optional<String> configured = config.audit().patientKey();
        Path dataDir = config.dataDir();
        String database = config.database();
        byte[] secret;
        if (configured.isPresent()) {
            if (configured.get().length() < MIN_KEY_CHARS) {
                throw new IllegalStateException("retrowalk.audit.patient-key must have at least " + MIN_KEY_CHARS + " characters");
            }
            secret = configured.get().getBytes(StandardCharsets.UTF_8);
        } else {
            secret = fromFile(dataDir.resolve(KEY_FILE));
            if (!database.equals("embedded")) {
                LOG.warnf("retrowalk.audit.patient-key is not set: patient hashes use a key generated into %s, which other "
                        + "replicas sharing this database do not have. Set the same key on every replica.", dataDir.resolve(KEY_FILE));
            }
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public String hash(String patientId) {
        if (patientId == null) {
            return null;
        }
        return HexFormat.of().formatHex(macs.get().doFinal(patientId.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The generated key: made once, readable only by the service's user, kept across restarts. */
    private static byte[] fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                try {
                    Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                            Base64.getEncoder().encodeToString(fresh) + "\n");
                } catch (UnsupportedOperationException notPosix) {
                    Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n");
                } catch (FileAlreadyExistsException raced) {
                    // another instance on the same data directory made it first: use theirs
                }
                LOG.infof("Generated the key for patient-id hashes: %s (keep it with the database)", file);
            }
            return Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " does not hold a base64 key", e);
        }
    }
}
