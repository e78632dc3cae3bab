package io.triage.cli;

import io.triage.kafka.TopicPlan;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code triage topics create}: creates the job's topics with the settings of {@link TopicPlan}. A topic that
 * exists is left as it is and compared: a setting that differs from the plan is reported (exit code 1), never
 * changed behind the operator's back.
 */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Create the job's Kafka topics.",
        subcommands = TopicsCommand.Create.class)
public final class TopicsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create the spec's topics (retention: the audit trail forever, inputs a month, metrics a "
                    + "week; min.insync.replicas ≤ 2); report existing ones whose settings differ.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--spec", required = true, description = "job spec file, or a bundled name")
        String spec;

        @Mixin
        KafkaOverrides kafka = new KafkaOverrides();

        @Option(names = "--partitions", description = "partitions per topic (default: the spec's kafka.partitions)")
        Integer partitions;

        @Option(names = "--replication-factor", description = "replicas per partition (default ${DEFAULT-VALUE})")
        short replicationFactor = 3;

        @Option(names = "--dry-run", description = "print the plan, create nothing")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            JobSpec s = kafka.apply(SpecLoader.loadNamed(spec));
            TopicPlan plan = new TopicPlan(partitions != null ? partitions : s.kafka().partitions(), replicationFactor);
            List<TopicPlan.Topic> topics = plan.topics(s.kafka().topics());
            if (dryRun) {
                topics.forEach(t -> System.out.println(line(t, "planned")));
                return 0;
            }
            Properties p = new Properties();
            p.putAll(s.kafka().properties());
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafka().bootstrap());
            int differing = 0;
            try (Admin admin = Admin.create(p)) {
                List<NewTopic> create = new ArrayList<>();
                for (TopicPlan.Topic t : topics) {
                    create.add(new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.configs()));
                }
                var results = admin.createTopics(create).values();
                for (TopicPlan.Topic t : topics) {
                    try {
                        results.get(t.name()).get(60, TimeUnit.SECONDS);
                        System.out.println(line(t, "created"));
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) throw e;
                        List<String> diff = differences(admin, t);
                        if (!diff.isEmpty()) differing++;
                        System.out.println(line(t, diff.isEmpty() ? "exists, as planned" : "exists, differs: " + String.join("; ", diff)));
                    }
                }
            }
            return differing == 0 ? 0 : 1;
        }

        /** What an existing topic has other than planned (partitions, replication, each planned setting). */
        private static List<String> differences(Admin admin, TopicPlan.Topic t) throws Exception {
            List<String> out = new ArrayList<>();
            TopicDescription d = admin.describeTopics(List.of(t.name())).allTopicNames().get(60, TimeUnit.SECONDS).get(t.name());
            if (d.partitions().size() != t.partitions()) {
                out.add("partitions " + d.partitions().size() + " (planned " + t.partitions() + ")");
            }
            int replicas = d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size();
            if (replicas != t.replicationFactor()) out.add("replication " + replicas + " (planned " + t.replicationFactor() + ")");
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, t.name());
            Config c = admin.describeConfigs(List.of(r)).all().get(60, TimeUnit.SECONDS).get(r);
            Map<String, String> actual = new HashMap<>();
            for (ConfigEntry e : c.entries()) actual.put(e.name(), e.value());
            t.configs().forEach((k, v) -> {
                if (!v.equals(actual.get(k))) out.add(k + "=" + actual.get(k) + " (planned " + v + ")");
            });
            return out;
        }

        private static String line(TopicPlan.Topic t, String status) {
            return String.format("%-28s %2d x %d  retention.ms=%-11s min.insync.replicas=%s  %s — %s", t.name(),
                    t.partitions(), t.replicationFactor(), t.configs().get("retention.ms"),
                    t.configs().get("min.insync.replicas"), t.role(), status);
        }
    }
}
