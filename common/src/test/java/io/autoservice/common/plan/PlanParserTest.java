package io.autoservice.common.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.autoservice.common.repository.ProjectRoot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class PlanParserTest {

  /**
   * Where the original AutoService sample plans are: the project's fixtures if copied there, else
   * {@code ../shared/reference/autoservice/plans} beside the project root (absent on a bare clone:
   * the tests that need them are skipped then).
   */
  private static final List<Path> SAMPLE_PLAN_DIRS =
      List.of(
          ProjectRoot.find().resolve("fixtures/plans/autoservice"),
          ProjectRoot.shared().resolve("reference/autoservice/plans"));

  private static final InputStream NO_STDIN = InputStream.nullInputStream();

  @TempDir Path dir;

  // --- the three shapes ---------------------------------------------------------------------

  @Test
  void shouldReadTasksFromTheTasksObjectShape() throws Exception {
    // given
    String json =
        "{\"tasks\":[{\"type\":\"sfc_scan\",\"params\":{}},{\"type\":\"dism_health_check\"}]}";

    // when
    Plan plan = PlanParser.parse(json);

    // then
    assertThat(plan.tasks())
        .extracting(TaskSpec::type)
        .containsExactly("sfc_scan", "dism_health_check");
    assertThat(plan.tasks()).extracting(TaskSpec::index).containsExactly(0, 1);
    assertThat(plan.metadata()).isEmpty();
  }

  @Test
  void shouldReadASingleTaskObjectAsAOneTaskPlan() throws Exception {
    // given
    String json = "{\"type\":\"ping_test\",\"host\":\"example.org\",\"count\":4}";

    // when
    Plan plan = PlanParser.parse(json);

    // then
    assertThat(plan.tasks()).hasSize(1);
    TaskSpec task = plan.tasks().get(0);
    assertThat(task.type()).isEqualTo("ping_test");
    assertThat(task.index()).isZero();
    assertThat(task.params().get("host").asText()).isEqualTo("example.org");
    assertThat(task.params().get("count").asInt()).isEqualTo(4);
    assertThat(task.params().has("type")).isFalse();
  }

  @Test
  void shouldReadABareListOfTasks() throws Exception {
    // given
    String json = "[{\"type\":\"sfc_scan\"},{\"type\":\"chkdsk_scan\",\"drive\":\"C:\"}]";

    // when
    Plan plan = PlanParser.parse(json);

    // then
    assertThat(plan.tasks()).extracting(TaskSpec::type).containsExactly("sfc_scan", "chkdsk_scan");
    assertThat(plan.tasks().get(1).params().get("drive").asText()).isEqualTo("C:");
  }

  @Test
  void shouldAcceptAnEmptyTaskList() throws Exception {
    // given
    String json = "{\"tasks\":[]}";

    // when
    Plan plan = PlanParser.parse(json);

    // then
    assertThat(plan.tasks()).isEmpty();
  }

  @Test
  void shouldRefuseATopLevelValueThatIsNoPlanShape() {
    // given
    String json = "{\"metadata\":{\"customer_name\":\"Ann\"}}";

    // when
    PlanException e = catchThrowableOfType(PlanException.class, () -> PlanParser.parse(json));

    // then
    assertThat(e.getMessage())
        .startsWith("plan: expected {\"tasks\": [...]}, a task object with \"type\", or a list")
        .endsWith("got an object");
  }

  @Test
  void shouldRefuseAPlanThatIsAString() {
    // when
    PlanException e =
        catchThrowableOfType(PlanException.class, () -> PlanParser.parse("\"sfc_scan\""));

    // then
    assertThat(e.getMessage()).endsWith("got the string \"sfc_scan\"");
  }

  // --- parameters, metadata, id -------------------------------------------------------------

  @Test
  void shouldMergeFlatAndNestedParamsWithNestedWinning() throws Exception {
    // given
    String json =
        "{\"tasks\":[{\"type\":\"ping_test\",\"host\":\"flat.example\",\"count\":4,"
            + "\"ui_label\":\"Ping\",\"params\":{\"host\":\"nested.example\",\"size\":32}}]}";

    // when
    TaskSpec task = PlanParser.parse(json).tasks().get(0);

    // then
    assertThat(task.params().get("host").asText()).isEqualTo("nested.example");
    assertThat(task.params().get("count").asInt()).isEqualTo(4);
    assertThat(task.params().get("size").asInt()).isEqualTo(32);
    assertThat(task.params().get("ui_label").asText()).isEqualTo("Ping");
    assertThat(task.params().has("params")).isFalse();
    assertThat(task.params().has("type")).isFalse();
  }

  @Test
  void shouldTreatANullParamsAsNoNestedParams() throws Exception {
    // given
    String json = "{\"type\":\"ping_test\",\"host\":\"a.example\",\"params\":null}";

    // when
    TaskSpec task = PlanParser.parse(json).tasks().get(0);

    // then
    assertThat(task.params().get("host").asText()).isEqualTo("a.example");
    assertThat(task.params().has("params")).isFalse();
  }

  @Test
  void shouldKeepThePlanMetadata() throws Exception {
    // given
    String json =
        "{\"tasks\":[{\"type\":\"sfc_scan\"}],"
            + "\"metadata\":{\"technician_name\":\"Sam\",\"customer_name\":\"Ann\"}}";

    // when
    Plan plan = PlanParser.parse(json);

    // then
    assertThat(plan.metadata().get("technician_name").asText()).isEqualTo("Sam");
    assertThat(plan.metadata().get("customer_name").asText()).isEqualTo("Ann");
  }

  @Test
  void shouldTreatNullMetadataAsNone() throws Exception {
    // when
    Plan plan = PlanParser.parse("{\"tasks\":[],\"metadata\":null}");

    // then
    assertThat(plan.metadata()).isEmpty();
  }

  @Test
  void shouldKeepAStringOrIntegerTaskId() throws Exception {
    // given
    String json =
        "{\"tasks\":[{\"type\":\"sfc_scan\",\"id\":\"scan-1\"},"
            + "{\"type\":\"sfc_scan\",\"id\":7},{\"type\":\"sfc_scan\"}]}";

    // when
    Plan plan = PlanParser.parse(json);

    // then
    assertThat(plan.tasks()).extracting(TaskSpec::id).containsExactly("scan-1", "7", null);
    assertThat(plan.tasks())
        .extracting(TaskSpec::markerId)
        .containsExactly("scan-1", "7", "sfc_scan");
    assertThat(plan.tasks().get(0).params().has("id")).isFalse();
  }

  @Test
  void shouldTrimTheTaskType() throws Exception {
    // when
    TaskSpec task = PlanParser.parse("{\"type\":\"  sfc_scan \"}").tasks().get(0);

    // then
    assertThat(task.type()).isEqualTo("sfc_scan");
  }

  @Test
  void shouldWriteTheCanonicalFormThatParsesBackToTheSamePlan() throws Exception {
    // given
    Plan plan =
        PlanParser.parse(
            "{\"tasks\":[{\"type\":\"ping_test\",\"id\":\"p\",\"host\":\"h\"}],"
                + "\"metadata\":{\"customer_name\":\"Ann\"}}");

    // when
    Plan again = PlanParser.fromJson(plan.toJson());

    // then
    assertThat(plan.toJson().get("tasks").get(0).get("params").get("host").asText()).isEqualTo("h");
    assertThat(again).isEqualTo(plan);
  }

  // --- problems ------------------------------------------------------------------------------

  @Test
  void shouldCollectEveryProblemWithItsPlace() {
    // given
    String json =
        "{\"tasks\":["
            + "{\"type\":\"sfc_scan\"},"
            + "5,"
            + "{\"type\":\"ping_test\",\"params\":[1,2]},"
            + "{\"host\":\"a.example\"},"
            + "{\"type\":42},"
            + "{\"type\":\"   \"},"
            + "{\"type\":\"sfc_scan\",\"id\":true},"
            + "\"dism_health_check\""
            + "]}";

    // when
    PlanException e = catchThrowableOfType(PlanException.class, () -> PlanParser.parse(json));

    // then
    assertThat(e.problems())
        .containsExactly(
            "tasks[1]: expected a task object, got the number 5",
            "tasks[2].params: expected an object, got a list",
            "tasks[3]: \"type\" is missing",
            "tasks[4].type: expected a task type name, got the number 42",
            "tasks[5].type: expected a task type name, got the string \"   \"",
            "tasks[6].id: expected a string, got true",
            "tasks[7]: expected a task object, got the string \"dism_health_check\"");
    assertThat(e.getMessage()).isEqualTo(String.join("; ", e.problems()));
  }

  @Test
  void shouldNameTheParamsOfAnotherwiseGoodTask() {
    // given
    String json = "{\"tasks\":[{\"type\":\"ping_test\",\"params\":\"host=a\"}]}";

    // when
    PlanException e = catchThrowableOfType(PlanException.class, () -> PlanParser.parse(json));

    // then
    assertThat(e.problems())
        .containsExactly("tasks[0].params: expected an object, got the string \"host=a\"");
  }

  @Test
  void shouldReportTasksThatIsNotAListAndBadMetadataTogether() {
    // given
    String json = "{\"tasks\":{\"type\":\"sfc_scan\"},\"metadata\":[\"x\"]}";

    // when
    PlanException e = catchThrowableOfType(PlanException.class, () -> PlanParser.parse(json));

    // then
    assertThat(e.problems())
        .containsExactly(
            "tasks: expected a list, got an object", "metadata: expected an object, got a list");
  }

  @Test
  void shouldRefuseMetadataThatIsNotAnObject() {
    // given
    String json = "{\"tasks\":[{\"type\":\"sfc_scan\"}],\"metadata\":\"Ann\"}";

    // when
    PlanException e = catchThrowableOfType(PlanException.class, () -> PlanParser.parse(json));

    // then
    assertThat(e.problems())
        .containsExactly("metadata: expected an object, got the string \"Ann\"");
  }

  @Test
  void shouldRefuseMoreThanMaxTasks() {
    // given
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i <= PlanParser.MAX_TASKS; i++) {
      json.append(i == 0 ? "" : ",").append("{\"type\":\"sfc_scan\"}");
    }
    json.append(']');

    // when
    PlanException e =
        catchThrowableOfType(PlanException.class, () -> PlanParser.parse(json.toString()));

    // then
    assertThat(e.problems())
        .containsExactly(
            "tasks: "
                + (PlanParser.MAX_TASKS + 1)
                + " tasks (expected: at most "
                + PlanParser.MAX_TASKS
                + ")");
  }

  @Test
  void shouldAcceptExactlyMaxTasks() throws Exception {
    // given
    String json =
        "["
            + String.join(",", Collections.nCopies(PlanParser.MAX_TASKS, "{\"type\":\"sfc_scan\"}"))
            + "]";

    // when
    Plan plan = PlanParser.parse(json);

    // then
    assertThat(plan.tasks()).hasSize(PlanParser.MAX_TASKS);
  }

  @Test
  void shouldGiveLineAndColumnOfInvalidJson() {
    // given: a trailing comma on line 3
    String json = "{\n  \"tasks\": [\n    {\"type\": \"sfc_scan\",}\n  ]\n}";

    // when
    PlanException e = catchThrowableOfType(PlanException.class, () -> PlanParser.parse(json));

    // then
    assertThat(e.getMessage()).startsWith("plan: invalid JSON at line 3, column 25: ");
  }

  @Test
  void shouldRefuseDuplicateKeysAsInvalidJson() {
    // given
    String json = "{\"type\":\"sfc_scan\",\"type\":\"dism_health_check\"}";

    // when
    PlanException e = catchThrowableOfType(PlanException.class, () -> PlanParser.parse(json));

    // then
    assertThat(e.getMessage()).startsWith("plan: invalid JSON at line 1, column ").contains("type");
  }

  @Test
  void shouldRefuseTrailingTextAfterThePlan() {
    // when
    PlanException e =
        catchThrowableOfType(PlanException.class, () -> PlanParser.parse("{\"type\":\"a\"} x"));

    // then
    assertThat(e.getMessage()).startsWith("plan: invalid JSON at line 1, column ");
  }

  // --- files ---------------------------------------------------------------------------------

  @Test
  void shouldReadAPlanFileWithAUtf8Bom() throws Exception {
    // given
    Path file = dir.resolve("bom.json");
    byte[] body =
        "{\"tasks\":[{\"type\":\"sfc_scan\",\"note\":\"café\"}]}".getBytes(StandardCharsets.UTF_8);
    Files.write(file, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, body));

    // when
    Plan plan = PlanParser.parseFile(file);

    // then
    assertThat(plan.tasks()).extracting(TaskSpec::type).containsExactly("sfc_scan");
    assertThat(plan.tasks().get(0).params().get("note").asText()).isEqualTo("café");
  }

  @Test
  void shouldReadAUtf16LePlanFileWithABom() throws Exception {
    // given: what PowerShell 5's Out-File writes by default
    Path file = dir.resolve("utf16le.json");
    byte[] body =
        "{\"tasks\":[{\"type\":\"chkdsk_scan\",\"drive\":\"C:\",\"note\":\"Grüße\"}]}"
            .getBytes(StandardCharsets.UTF_16LE);
    Files.write(file, concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, body));

    // when
    Plan plan = PlanParser.parseFile(file);

    // then
    assertThat(plan.tasks()).extracting(TaskSpec::type).containsExactly("chkdsk_scan");
    assertThat(plan.tasks().get(0).params().get("note").asText()).isEqualTo("Grüße");
  }

  @Test
  void shouldReadAUtf16BePlanFileWithABom() throws Exception {
    // given
    Path file = dir.resolve("utf16be.json");
    byte[] body = "[{\"type\":\"sfc_scan\"}]".getBytes(StandardCharsets.UTF_16BE);
    Files.write(file, concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, body));

    // when
    Plan plan = PlanParser.parseFile(file);

    // then
    assertThat(plan.tasks()).extracting(TaskSpec::type).containsExactly("sfc_scan");
  }

  @Test
  void shouldRefuseAnEmptyFile() throws Exception {
    // given
    Path file = Files.writeString(dir.resolve("empty.json"), "");

    // when
    PlanException e = catchThrowableOfType(PlanException.class, () -> PlanParser.parseFile(file));

    // then
    assertThat(e.getMessage()).isEqualTo("plan: " + file + " is empty");
  }

  @Test
  void shouldRefuseAFileOfOnlyBlanksAndABom() throws Exception {
    // given
    Path file = dir.resolve("blank.json");
    Files.write(
        file,
        concat(
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
            " \r\n ".getBytes(StandardCharsets.UTF_8)));

    // when
    PlanException e = catchThrowableOfType(PlanException.class, () -> PlanParser.parseFile(file));

    // then
    assertThat(e.getMessage()).isEqualTo("plan: " + file + " is empty");
  }

  @Test
  void shouldRefuseAFolder() {
    // when
    PlanException e = catchThrowableOfType(PlanException.class, () -> PlanParser.parseFile(dir));

    // then
    assertThat(e.getMessage()).isEqualTo("plan: " + dir + " is a folder, not a plan file");
  }

  @Test
  void shouldRefuseAMissingFile() {
    // given
    Path missing = dir.resolve("nope.json");

    // when
    PlanException e =
        catchThrowableOfType(PlanException.class, () -> PlanParser.parseFile(missing));

    // then
    assertThat(e.getMessage()).isEqualTo("plan: no such file: " + missing);
  }

  @Test
  void shouldRefuseAPlanFileLargerThanTheLimit() throws Exception {
    // given: valid JSON, padded with blanks past the limit
    Path file = dir.resolve("huge.json");
    byte[] bytes = new byte[PlanParser.MAX_PLAN_BYTES + 1];
    Arrays.fill(bytes, (byte) ' ');
    byte[] json = "[{\"type\":\"sfc_scan\"}]".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(json, 0, bytes, 0, json.length);
    Files.write(file, bytes);

    // when
    PlanException e = catchThrowableOfType(PlanException.class, () -> PlanParser.parseFile(file));

    // then
    assertThat(e.getMessage())
        .isEqualTo("plan: " + file + " is larger than " + PlanParser.MAX_PLAN_BYTES + " bytes");
  }

  @Test
  void shouldAcceptAPlanFileOfExactlyTheLimit() throws Exception {
    // given
    Path file = dir.resolve("limit.json");
    byte[] bytes = new byte[PlanParser.MAX_PLAN_BYTES];
    Arrays.fill(bytes, (byte) ' ');
    byte[] json = "[{\"type\":\"sfc_scan\"}]".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(json, 0, bytes, 0, json.length);
    Files.write(file, bytes);

    // when
    Plan plan = PlanParser.parseFile(file);

    // then
    assertThat(plan.tasks()).hasSize(1);
  }

  @Test
  void shouldRefusePlanTextLargerThanTheLimit() {
    // given
    String json = "[{\"type\":\"sfc_scan\"}]" + " ".repeat(PlanParser.MAX_PLAN_BYTES);

    // when
    PlanException e = catchThrowableOfType(PlanException.class, () -> PlanParser.parse(json));

    // then
    assertThat(e.getMessage()).contains("is larger than " + PlanParser.MAX_PLAN_BYTES + " bytes");
  }

  // --- parseSource ---------------------------------------------------------------------------

  @Test
  void shouldReadThePlanFromStdinForADash() throws Exception {
    // given
    InputStream stdin =
        new ByteArrayInputStream(
            "{\"tasks\":[{\"type\":\"sfc_scan\"}]}".getBytes(StandardCharsets.UTF_8));

    // when
    Plan plan = PlanParser.parseSource("-", stdin);

    // then
    assertThat(plan.tasks()).extracting(TaskSpec::type).containsExactly("sfc_scan");
  }

  @Test
  void shouldNameStdinWhenItIsEmpty() {
    // when
    PlanException e =
        catchThrowableOfType(PlanException.class, () -> PlanParser.parseSource("-", NO_STDIN));

    // then
    assertThat(e.getMessage()).isEqualTo("plan: stdin is empty");
  }

  @Test
  void shouldRefuseStdinLargerThanTheLimit() {
    // given
    byte[] bytes = new byte[PlanParser.MAX_PLAN_BYTES + 10];
    Arrays.fill(bytes, (byte) ' ');
    bytes[0] = '[';

    // when
    PlanException e =
        catchThrowableOfType(
            PlanException.class,
            () -> PlanParser.parseSource("-", new ByteArrayInputStream(bytes)));

    // then
    assertThat(e.getMessage())
        .isEqualTo("plan: stdin is larger than " + PlanParser.MAX_PLAN_BYTES + " bytes");
  }

  @Test
  void shouldReportAStdinReadFailure() {
    // given
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("pipe closed");
          }
        };

    // when
    PlanException e =
        catchThrowableOfType(PlanException.class, () -> PlanParser.parseSource("-", broken));

    // then
    assertThat(e.getMessage()).isEqualTo("plan: cannot read stdin: pipe closed");
  }

  @Test
  void shouldReadAFileNamedByTheSource() throws Exception {
    // given
    Path file = Files.writeString(dir.resolve("plan.json"), "[{\"type\":\"winsat_disk\"}]");

    // when
    Plan plan = PlanParser.parseSource(file.toString(), NO_STDIN);

    // then
    assertThat(plan.tasks()).extracting(TaskSpec::type).containsExactly("winsat_disk");
  }

  @Test
  void shouldReadRawJsonTextGivenAsTheSource() throws Exception {
    // given
    String source = "  {\"type\":\"speedtest\"}\n";

    // when
    Plan plan = PlanParser.parseSource(source, NO_STDIN);

    // then
    assertThat(plan.tasks()).extracting(TaskSpec::type).containsExactly("speedtest");
  }

  @Test
  void shouldReadARawJsonListGivenAsTheSource() throws Exception {
    // when
    Plan plan =
        PlanParser.parseSource(
            "[{\"type\":\"sfc_scan\"},{\"type\":\"dism_health_check\"}]", NO_STDIN);

    // then
    assertThat(plan.tasks()).hasSize(2);
  }

  @Test
  void shouldReportInvalidRawJsonAsInvalidJson() {
    // when
    PlanException e =
        catchThrowableOfType(
            PlanException.class, () -> PlanParser.parseSource("{\"type\": sfc_scan}", NO_STDIN));

    // then
    assertThat(e.getMessage()).startsWith("plan: invalid JSON at line 1, column ");
  }

  @Test
  void shouldSayNoSuchFileForASourceThatIsNeitherFileNorJson() {
    // given
    String source = dir.resolve("typo.json").toString();

    // when
    PlanException e =
        catchThrowableOfType(PlanException.class, () -> PlanParser.parseSource(source, NO_STDIN));

    // then
    assertThat(e.getMessage()).isEqualTo("plan: no such file: " + source);
  }

  @Test
  void shouldRefuseAFolderGivenAsTheSource() {
    // when
    PlanException e =
        catchThrowableOfType(
            PlanException.class, () -> PlanParser.parseSource(dir.toString(), NO_STDIN));

    // then
    assertThat(e.getMessage()).endsWith("is a folder, not a plan file");
  }

  @Test
  void shouldRefuseABlankSource() {
    assertThatThrownBy(() -> PlanParser.parseSource("  ", NO_STDIN))
        .isInstanceOf(PlanException.class)
        .hasMessage("plan: no plan given (expected: a file path, JSON text, or -)");
    assertThatThrownBy(() -> PlanParser.parseSource(null, NO_STDIN))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith("plan: no plan given");
  }

  // --- the original AutoService sample plans ------------------------------------------------

  @TestFactory
  Stream<DynamicTest> shouldParseEveryOriginalSamplePlan() throws IOException {
    // given
    Path plans = samplePlans();
    List<Path> files;
    try (Stream<Path> list = Files.list(plans)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).isNotEmpty();

    // when / then
    return files.stream()
        .map(
            file ->
                dynamicTest(
                    file.getFileName().toString(),
                    () -> {
                      Plan plan = PlanParser.parseFile(file);
                      assertThat(plan.tasks()).isNotEmpty();
                      assertThat(plan.tasks()).allSatisfy(t -> assertThat(t.type()).isNotBlank());
                    }));
  }

  @Test
  void shouldPutTheFlatHostOfTheOriginalPingPlanIntoParams() throws Exception {
    // given
    Path file = samplePlans().resolve("test_ping.json");

    // when
    Plan plan = PlanParser.parseFile(file);

    // then
    TaskSpec task = plan.tasks().get(0);
    assertThat(task.type()).isEqualTo("ping_test");
    assertThat(task.params().get("host").asText()).isEqualTo("google.com");
    assertThat(task.params().get("count").asInt()).isEqualTo(4);
  }

  @Test
  void shouldReadTheOriginalSingleTaskIperfPlan() throws Exception {
    // given
    Path file = samplePlans().resolve("test_iperf.json");

    // when
    Plan plan = PlanParser.parseFile(file);

    // then
    assertThat(plan.tasks()).extracting(TaskSpec::type).containsExactly("iperf_test");
    assertThat(plan.tasks().get(0).params().get("server").asText()).isEqualTo("192.168.0.34");
  }

  @Test
  void shouldKeepTheMetadataOfTheOriginalStingerPlan() throws Exception {
    // given
    Path file = samplePlans().resolve("test_stinger.json");

    // when
    Plan plan = PlanParser.parseFile(file);

    // then
    assertThat(plan.metadata().get("test_name").asText())
        .isEqualTo("Trellix Stinger Full Scan Test");
    assertThat(plan.tasks().get(0).params().get("include_pups").asBoolean()).isTrue();
  }

  @Test
  void shouldReadEveryTaskOfTheOriginalAllPlanInOrder() throws Exception {
    // given
    Path file = samplePlans().resolve("test_all.json");

    // when
    Plan plan = PlanParser.parseFile(file);

    // then
    assertThat(plan.tasks()).hasSize(13);
    assertThat(plan.tasks().get(0).type()).isEqualTo("adwcleaner_clean");
    assertThat(plan.tasks().get(1).params().get("options")).hasSize(12);
    assertThat(plan.tasks())
        .extracting(TaskSpec::index)
        .containsExactlyElementsOf(IntStream.range(0, 13).boxed().toList());
  }

  private static Path samplePlans() {
    Path found = SAMPLE_PLAN_DIRS.stream().filter(Files::isDirectory).findFirst().orElse(null);
    Assumptions.assumeTrue(found != null, "no sample plan folder among " + SAMPLE_PLAN_DIRS);
    return found;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
