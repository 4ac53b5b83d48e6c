package dev.chainlog.reliability;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/** Registered through {@code META-INF/services}: prints and writes {@link Figures} once every test has run. */
public final class FiguresListener implements TestExecutionListener {
    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Figures.write();
    }
}
