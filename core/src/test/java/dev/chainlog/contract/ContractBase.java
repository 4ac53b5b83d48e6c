package dev.chainlog.contract;

import org.junit.jupiter.api.AfterEach;

/**
 * The logs of a contract test: each backend's subclass supplies the {@link LogFixture}; the helpers are
 * {@link TestKit}'s.
 */
public abstract class ContractBase {
    private LogFixture fixture;

    protected abstract LogFixture fixture();

    protected LogFixture logs() {
        if (fixture == null) {
            fixture = fixture();
        }
        return fixture;
    }

    @AfterEach
    void closeLogs() {
        if (fixture != null) {
            fixture.closeAll();
        }
    }
}
