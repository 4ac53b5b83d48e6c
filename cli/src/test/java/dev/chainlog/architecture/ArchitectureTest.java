package dev.chainlog.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layers of docs/DESIGN.md: Layers, checked over the main classes of every module (this module's test class path
 * holds them all): no package cycles, each layer using only the layers below it — so the api never names an
 * implementation, and a backend is reached only through its provider — and every package placed in a layer.
 *
 * <p>Why ArchUnit rather than {@code module-info.java}: docs/DESIGN.md: Layers says why the modules stay on the
 * class path; this test guards the same boundary. The rules are shown to fail on a small fixture with a cycle and an
 * upward arrow ({@code fixture/}), so a rule that silently matched nothing would be noticed.
 */
class ArchitectureTest {
    private static final String ROOT = "dev.chainlog";

    /** Each layer, bottom to top, with the layers it may use. */
    private static final Map<String, List<String>> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("chain", List.of());
        LAYERS.put("tree", List.of("chain"));
        LAYERS.put("checkpoint", List.of("chain", "tree"));
        LAYERS.put("api", List.of("chain", "tree", "checkpoint"));
        LAYERS.put("verify", List.of("chain", "tree", "checkpoint", "api"));
        LAYERS.put("store", List.of("chain", "tree", "api"));
        LAYERS.put("core", List.of("chain", "tree", "checkpoint", "api", "verify", "store"));
        LAYERS.put("memory", List.of("chain", "tree", "api", "store"));
        LAYERS.put("disabled", List.of("chain", "checkpoint", "api", "core"));
        LAYERS.put("rocksdb", List.of("chain", "tree", "api", "store"));
        LAYERS.put("kafka", List.of("chain", "tree", "checkpoint", "api"));
        LAYERS.put("cli", List.of("checkpoint", "api", "verify", "kafka"));
    }

    /** Main classes only: this module's test classes and the other modules' test jars are left out. */
    private static final ImportOption MAIN_CLASSES = new ImportOption() {
        private final ImportOption notTests = new ImportOption.DoNotIncludeTests();

        @Override
        public boolean includes(Location location) {
            return notTests.includes(location) && !location.contains("-tests.jar")
                    && !location.contains("/test-classes/");
        }
    };

    private static final JavaClasses MAIN = new ClassFileImporter().withImportOption(MAIN_CLASSES).importPackages(ROOT);

    static ArchRule layers(String root) {
        Architectures.LayeredArchitecture rule = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : LAYERS.keySet()) {
            rule = rule.layer(layer).definedBy(root + "." + layer + "..");
        }
        for (Map.Entry<String, List<String>> e : LAYERS.entrySet()) {
            rule = e.getValue().isEmpty()
                    ? rule.whereLayer(e.getKey()).mayNotAccessAnyLayer()
                    : rule.whereLayer(e.getKey()).mayOnlyAccessLayers(e.getValue().toArray(String[]::new));
        }
        return rule;
    }

    static ArchRule noCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    @Test
    void theClassesOfEveryModuleAreImported() {
        for (String layer : LAYERS.keySet()) {
            assertTrue(MAIN.stream().anyMatch(c -> c.getPackageName().startsWith(ROOT + "." + layer)),
                    "classes of the " + layer + " layer are on the class path");
        }
        assertTrue(MAIN.stream().noneMatch(c -> c.getPackageName().startsWith(ROOT + ".architecture")),
                "test classes are left out");
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layers(ROOT).check(MAIN);
    }

    @Test
    void noPackageCycles() {
        noCycles(ROOT).check(MAIN);
    }

    @Test
    void everyPackageIsInALayer() {
        String[] placed = LAYERS.keySet().stream().map(l -> ROOT + "." + l + "..").toArray(String[]::new);
        classes().should().resideInAnyPackage(placed).check(MAIN);
    }

    @Test
    void librariesLogThroughTheSlf4jApiOnlyAndLeaveTheCommandLineToTheCli() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.slf4j.simple..", "java.util.logging..",
                        "org.apache.logging..", "ch.qos.logback..", "picocli..")
                .check(MAIN);
    }

    @Test
    void theRulesCatchACycleAndAnUpwardArrow() {
        String fixture = ROOT + ".architecture.fixture";
        JavaClasses broken = new ClassFileImporter().importPackages(fixture);
        EvaluationResult layered = layers(fixture).evaluate(broken);
        assertTrue(layered.hasViolation());
        String report = layered.getFailureReport().toString();
        assertTrue(report.contains("fixture.api.Logs") && report.contains("fixture.rocksdb.Store"),
                "the api -> implementation arrow is reported: " + report);
        assertTrue(report.contains("fixture.chain.Codec") && report.contains("fixture.checkpoint.Note"),
                "the chain -> checkpoint arrow is reported: " + report);
        EvaluationResult cycles = noCycles(fixture).evaluate(broken);
        assertTrue(cycles.hasViolation(), "the chain <-> checkpoint cycle is reported");
    }
}
