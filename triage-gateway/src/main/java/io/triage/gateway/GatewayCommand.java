package io.triage.gateway;

import io.triage.cli.KafkaOverrides;
import io.triage.security.KeyRing;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code triage gateway}: the review gateway of a job, until interrupted. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Serve a job's review queue to reviewers and labeling tools over HTTP (/v1/queue, /v1/labels, "
                + "/v1/stats) and write their labels, signed, to the job's labels topic.")
public final class GatewayCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec command;

    @Option(names = "--spec", required = true, description = "job spec file, or a bundled name (flights, fraud, digits)")
    String spec;

    @Mixin
    KafkaOverrides kafka = new KafkaOverrides();

    @Option(names = "--keys-file", paramLabel = "PATH", description = "the job's keys file (reviewers' signing keys "
            + "and the job secret that verifies review requests; default: the spec's review.keysFile)")
    String keysFile;

    @Option(names = "--tokens-file", required = true, paramLabel = "PATH",
            description = "reviewer.<annotator>=<token> lines: each reviewer's bearer token")
    Path tokensFile;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "interface to listen on (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--port", defaultValue = "8090", description = "port, 0 = any free (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--lease-seconds", defaultValue = "300", description = "how long a claimed item stays with its "
            + "reviewer (default: ${DEFAULT-VALUE})")
    long leaseSeconds;

    @Option(names = "--requests-per-minute", defaultValue = "600", description = "per reviewer (default: ${DEFAULT-VALUE})")
    int requestsPerMinute;

    @Option(names = "--argilla-secret-file", paramLabel = "PATH", description = "turn on POST /v1/adapters/argilla: "
            + "the file holds the Argilla webhook's secret (whsec_…)")
    Path argillaSecretFile;

    @Option(names = "--argilla-question", defaultValue = "label", description = "the Argilla dataset's label question "
            + "(default: ${DEFAULT-VALUE})")
    String argillaQuestion;

    @Option(names = "--argilla-user", paramLabel = "USERNAME=ANNOTATOR", description = "an Argilla username that is "
            + "another annotator id here (repeatable; by default the username is the annotator id)")
    java.util.Map<String, String> argillaUsers = new java.util.LinkedHashMap<>();

    @Option(names = "--label-studio-token-file", paramLabel = "PATH", description = "turn on POST "
            + "/v1/adapters/label-studio: the file holds the token Label Studio's webhook sends (Authorization: Token …)")
    Path labelStudioTokenFile;

    @Option(names = "--label-studio-choices", defaultValue = "label", description = "the labeling configuration's "
            + "Choices control that holds the class (default: ${DEFAULT-VALUE})")
    String labelStudioChoices;

    @Option(names = "--label-studio-user", paramLabel = "ID_OR_EMAIL=ANNOTATOR", description = "a Label Studio user "
            + "(id or e-mail) and the annotator they are here (repeatable; users not listed are refused)")
    java.util.Map<String, String> labelStudioUsers = new java.util.LinkedHashMap<>();

    @Option(names = "--label-studio-url", paramLabel = "URL", description = "push the open review items as tasks "
            + "to this Label Studio (needs --label-studio-project and --label-studio-api-token-file)")
    String labelStudioUrl;

    @Option(names = "--label-studio-project", paramLabel = "ID", description = "the Label Studio project the tasks go to")
    Long labelStudioProject;

    @Option(names = "--label-studio-api-token-file", paramLabel = "PATH", description = "the file holds the API token "
            + "of the Label Studio user who imports the tasks")
    Path labelStudioApiTokenFile;

    @Option(names = "--label-studio-object", defaultValue = "text", description = "the object tag the Choices control "
            + "labels (its toName), for the predictions (default: ${DEFAULT-VALUE})")
    String labelStudioObject;

    @Option(names = "--argilla-url", paramLabel = "URL", description = "push the open review items as records to this "
            + "Argilla (needs --argilla-dataset and --argilla-api-key-file)")
    String argillaUrl;

    @Option(names = "--argilla-dataset", paramLabel = "ID", description = "the id of the Argilla dataset the records go to")
    String argillaDataset;

    @Option(names = "--argilla-api-key-file", paramLabel = "PATH", description = "the file holds the API key of the "
            + "Argilla user who writes the records")
    Path argillaApiKeyFile;

    @Option(names = "--argilla-field", defaultValue = "record", description = "the dataset's text field that shows "
            + "the record (default: ${DEFAULT-VALUE})")
    String argillaField;

    @Option(names = "--push-state-dir", paramLabel = "DIR", description = "where the ids of the pushed tasks and records "
            + "are kept across restarts (default: the tokens file's directory)")
    Path pushStateDir;

    @Option(names = "--appeals-token-file", paramLabel = "PATH", description = "turn on POST /v1/appeals: the file "
            + "holds the bearer token of the system that files appeals for customers")
    Path appealsTokenFile;

    /** The labeling tools the queue is pushed to: none unless their URL is given. */
    java.util.List<Gateway.Push> pushes() throws java.io.IOException {
        java.util.List<Gateway.Push> pushes = new java.util.ArrayList<>();
        Path stateDir = pushStateDir != null ? pushStateDir : tokensFile.toAbsolutePath().getParent();
        if (labelStudioUrl != null) {
            if (labelStudioProject == null || labelStudioApiTokenFile == null) {
                throw new CommandLine.ParameterException(command.commandLine(),
                        "--label-studio-url needs --label-studio-project and --label-studio-api-token-file");
            }
            pushes.add(new Gateway.Push(LabelStudioTasks.connect(labelStudioUrl, labelStudioProject,
                    java.nio.file.Files.readString(labelStudioApiTokenFile).trim(), labelStudioChoices, labelStudioObject),
                    stateDir.resolve("label-studio-tasks.json")));
        }
        if (argillaUrl != null) {
            if (argillaDataset == null || argillaApiKeyFile == null) {
                throw new CommandLine.ParameterException(command.commandLine(),
                        "--argilla-url needs --argilla-dataset and --argilla-api-key-file");
            }
            pushes.add(new Gateway.Push(ArgillaRecords.connect(argillaUrl, argillaDataset,
                    java.nio.file.Files.readString(argillaApiKeyFile).trim(), argillaField, argillaQuestion),
                    stateDir.resolve("argilla-records.json")));
        }
        return pushes;
    }

    @Override
    public Integer call() throws Exception {
        java.util.List<Gateway.Push> pushes = pushes(); // before anything starts: a missing option is said first
        JobSpec s = kafka.apply(SpecLoader.loadNamed(spec));
        KeyRing keys = KeyRing.forFile(keysFile != null ? keysFile : s.review().keysFile());
        ReviewerTokens tokens = ReviewerTokens.load(tokensFile);
        GatewayServer.ArgillaEndpoint argilla = argillaSecretFile == null ? null : new GatewayServer.ArgillaEndpoint(
                new StandardWebhook(java.nio.file.Files.readString(argillaSecretFile).trim()),
                new ArgillaWebhook(argillaQuestion, argillaUsers));
        GatewayServer.LabelStudioEndpoint labelStudio = labelStudioTokenFile == null ? null
                : new GatewayServer.LabelStudioEndpoint(java.nio.file.Files.readString(labelStudioTokenFile).trim(),
                        new LabelStudioWebhook(labelStudioChoices, labelStudioUsers));
        Gateway.Settings settings = new Gateway.Settings(bind, port, leaseSeconds * 1000, requestsPerMinute, argilla,
                labelStudio, appealsTokenFile == null ? null : java.nio.file.Files.readString(appealsTokenFile).trim(),
                pushes);
        try (Gateway g = Gateway.start(s, keys, tokens, settings)) {
            System.out.println("triage gateway: http://" + bind + ":" + g.port() + "/ (" + tokens.size()
                    + " reviewers; API under /v1)");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }
}
