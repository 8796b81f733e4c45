package org.retrowalk.cds.audit;

import io.quarkus.test.junit.QuarkusTest;

/** The storage cases on the embedded default: an H2 file database under retrowalk.data-dir. */
@QuarkusTest
class AuditStorageH2Test extends AuditStorageTest {

    @Override
    String expectedDatabase() {
        return "embedded";
    }
}
