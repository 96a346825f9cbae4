package nl.barriere;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stage flow of STYLE.md, checked on the production classes: data flows one way, {@code ingest → detect →
 * review → web → audit}, so a stage never depends on a later one; {@code platform} (configuration, topic admin,
 * health) depends on no stage; no stage depends on the command line. What every stage shares (topics, dead
 * letters, roles, the audit chain) is the contract in the {@code schemas} module. The devkit (embedded broker and
 * registry, generator) cannot see a stage at all: its module does not depend on this one.
 */
class StageFlowTest {

    private static final List<String> STAGES = List.of("ingest", "detect", "review", "web", "audit");
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("nl.barriere");

    @Test
    void aStageNeverDependsOnALaterStage() {
        for (int i = 0; i < STAGES.size() - 1; i++) {
            final String[] later = STAGES.subList(i + 1, STAGES.size()).stream()
                    .map(stage -> "nl.barriere." + stage + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("nl.barriere." + STAGES.get(i) + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(later)
                    .because("data flows " + String.join(" → ", STAGES) + " (STYLE.md)")
                    .check(CLASSES);
        }
    }

    @Test
    void thePlatformDependsOnNoStageAndNoStageOnTheCommandLine() {
        noClasses().that().resideInAPackage("nl.barriere.platform..")
                .should().dependOnClassesThat().resideInAnyPackage(STAGES.stream()
                        .map(stage -> "nl.barriere." + stage + "..").toArray(String[]::new))
                .because("the platform is what every stage stands on, not a stage")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage(STAGES.stream().map(stage -> "nl.barriere." + stage + "..").toArray(String[]::new))
                .should().dependOnClassesThat().resideInAPackage("nl.barriere.cli..")
                .because("the command line wires the stages; they do not call it")
                .check(CLASSES);
    }
}
