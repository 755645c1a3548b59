package org.drtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster templates of docs/cluster/ without a cluster: the Kubernetes Job parses as the batch/v1 API
 * objects it claims to be (no unknown field anywhere) and its pods' shell command gives index i the shard
 * i+1 of N; the Slurm script's index arithmetic and refusals (run under bash with Slurm's variables, a stub
 * ./drtp recording its arguments); the ./drtp launcher builds once when several start on a stale jar. The
 * template on a real Slurm: {@link SlurmArrayTest}.
 */
class ClusterTemplatesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path tmp;

    @Test
    void theKubernetesTemplateIsAnIndexedJobWhoseIndexesAreTheShards() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Job job = yaml.readValue(ROOT.resolve("docs/cluster/k8s-reproduce-job.yaml").toFile(), Job.class);
        List<String> unknown = new ArrayList<>();
        unknownFields(job, "", unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        assertEquals(List.of(), unknown, "fields the Kubernetes API does not have (typos?)");
        assertEquals("batch/v1", job.getApiVersion());
        assertEquals("Job", job.getKind());

        JobSpec spec = job.getSpec();
        assertEquals("Indexed", spec.getCompletionMode(), "JOB_COMPLETION_INDEX is set only for Indexed Jobs");
        PodSpec pod = spec.getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy(), "backoffLimitPerIndex and podFailurePolicy need restartPolicy Never");
        assertTrue(spec.getBackoffLimitPerIndex() >= 1);
        assertEquals("Failed", spec.getPodReplacementPolicy(), "never two pods on one shard");
        assertEquals(1, pod.getContainers().size());
        Container c = pod.getContainers().get(0);
        for (PodFailurePolicyRule r : spec.getPodFailurePolicy().getRules()) {
            if (r.getOnExitCodes() != null) {
                assertEquals(c.getName(), r.getOnExitCodes().getContainerName());
                assertEquals(List.of(Errors.USAGE), r.getOnExitCodes().getValues(), "drtp's usage-error exit code");
            }
        }
        Map<String, String> env = c.getEnv().stream().collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
        int n = spec.getCompletions();
        assertEquals(String.valueOf(n), env.get("DRTP_SHARDS"), "DRTP_SHARDS must equal completions");
        Set<String> volumes = pod.getVolumes().stream().map(Volume::getName).collect(Collectors.toSet());
        c.getVolumeMounts().forEach(m -> assertTrue(volumes.contains(m.getName()), m.getName() + " is not a volume"));
        assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals(env.get("DRTP_DATA"))),
                "the data volume is where DRTP_DATA points");
        Quantity cpu = c.getResources().getRequests().get("cpu");

        // The pod's command, run by /bin/sh as the container would, with a `java` that prints its arguments.
        assertEquals(List.of("/bin/sh", "-c"), c.getCommand());
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.writeString(bin.resolve("java"), "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        assertTrue(bin.resolve("java").toFile().setExecutable(true));
        for (int i = 0; i < n; i++) {
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", c.getArgs().get(0));
            pb.environment().putAll(env);
            pb.environment().put("JOB_COMPLETION_INDEX", String.valueOf(i));
            pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            List<String> args = run(pb).lines().toList();
            assertEquals(String.format("%d/%d", i + 1, n), args.get(args.indexOf("--shard") + 1));
            assertEquals(cpu.getAmount(), args.get(args.indexOf("--jobs") + 1), "one run per requested core");
            assertTrue(args.contains("--out"));
        }
    }

    /** Every field the YAML had that the model has no property for lands in an additionalProperties map. */
    private static void unknownFields(Object o, String path, List<String> out, Set<Object> seen) throws Exception {
        if (o == null || !o.getClass().getName().startsWith("io.fabric8") || !seen.add(o)) {
            if (o instanceof Collection<?> list) {
                int i = 0;
                for (Object x : list) {
                    unknownFields(x, path + "[" + i++ + "]", out, seen);
                }
            }
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getName().equals("getClass")) {
                continue;
            }
            Object v = m.invoke(o);
            if (m.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) v).keySet().forEach(k -> out.add(path + "." + k));
            } else {
                unknownFields(v, path + "." + m.getName().substring(3), out, seen);
            }
        }
    }

    @Test
    void theSlurmScriptRunsShardIndexOfNAndRefusesWhatWouldComputeTheWrongShard() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.writeString(repo.resolve("drtp"), "#!/bin/sh\necho \"drtp $*\"\n");
        assertTrue(repo.resolve("drtp").toFile().setExecutable(true));

        assertEquals("drtp reproduce table1 --shard 3/4 --jobs 2 --quick",
                slurm(repo, Map.of("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "4",
                        "SLURM_ARRAY_TASK_COUNT", "4", "SLURM_CPUS_PER_TASK", "2"), 0, "table1", "--quick"));
        assertEquals("drtp sweep g.json --shard 1/1 --jobs 1 --out r",
                slurm(repo, Map.of("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "1",
                        "SLURM_ARRAY_TASK_COUNT", "1"), 0, "g.json", "--out", "r"));
        // Resubmitted alone (--array=3) or as a subset (--array=1,3): Slurm's variables describe the new array,
        // not the grid's shards, so the script wants DRTP_SHARDS ...
        assertTrue(slurm(repo, Map.of("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_MIN", "3", "SLURM_ARRAY_TASK_MAX", "3",
                "SLURM_ARRAY_TASK_COUNT", "1"), 2, "table1").contains("DRTP_SHARDS=N"));
        assertTrue(slurm(repo, Map.of("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "3",
                "SLURM_ARRAY_TASK_COUNT", "2"), 2, "table1").contains("is not a full 1-N"));
        // ... and with it computes the same shard as the first submission.
        assertEquals("drtp reproduce table1 --shard 3/4 --jobs 1",
                slurm(repo, Map.of("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_MIN", "3", "SLURM_ARRAY_TASK_MAX", "3",
                        "SLURM_ARRAY_TASK_COUNT", "1", "DRTP_SHARDS", "4"), 0, "table1"));
        // 0-based arrays, indices beyond N, a bad count, no array, no ./drtp: refused before anything runs.
        assertTrue(slurm(repo, Map.of("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_MAX", "3",
                "SLURM_ARRAY_TASK_COUNT", "4", "DRTP_SHARDS", "4"), 2, "table1").contains("array index 0 is not a shard of 1-4"));
        assertTrue(slurm(repo, Map.of("SLURM_ARRAY_TASK_ID", "5", "DRTP_SHARDS", "4"), 2, "table1")
                .contains("array index 5 is not a shard of 1-4"));
        assertTrue(slurm(repo, Map.of("SLURM_ARRAY_TASK_ID", "1", "DRTP_SHARDS", "four"), 2, "table1")
                .contains("DRTP_SHARDS: expected a positive integer, got 'four'"));
        assertTrue(slurm(repo, Map.of(), 2, "table1").contains("not a Slurm array task"));
        assertTrue(slurm(tmp, Map.of("SLURM_ARRAY_TASK_ID", "1", "DRTP_SHARDS", "1"), 2, "table1")
                .contains("no ./drtp in " + tmp));
    }

    private static String slurm(Path dir, Map<String, String> vars, int code, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("docs/cluster/slurm-reproduce.sh").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SLURM_") || k.startsWith("DRTP_"));
        pb.environment().putAll(vars);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(code, p.exitValue(), out);
        return out;
    }

    @Test
    void launchersStartedTogetherOnAStaleJarBuildItOnce() throws Exception {
        // A checkout in miniature: the real launcher, sources, and a `mvn` that takes a second to "build" the jar.
        Path repo = Files.createDirectories(tmp.resolve("checkout"));
        Files.copy(ROOT.resolve("drtp"), repo.resolve("drtp"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Files.createDirectories(repo.resolve("drtp-cli/src"));
        Files.writeString(repo.resolve("drtp-cli/src/A.java"), "class A {}");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path log = tmp.resolve("mvn.log");
        Files.writeString(bin.resolve("mvn"), "#!/bin/sh\necho start >>'" + log + "'\nsleep 1\nmkdir -p drtp-cli/target\n"
                + ": > drtp-cli/target/drtp.jar\necho end >>'" + log + "'\n");
        Files.writeString(bin.resolve("java"), "#!/bin/sh\necho ran\n");
        assertTrue(bin.resolve("mvn").toFile().setExecutable(true) && bin.resolve("java").toFile().setExecutable(true));
        List<Process> launchers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("drtp").toString(), "--version").redirectErrorStream(true);
            pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            launchers.add(pb.start());
        }
        for (Process p : launchers) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.strip().endsWith("ran"), out);
        }
        assertEquals(List.of("start", "end"), Files.readAllLines(log), "one build, the other launchers waited for it");
    }

    private static String run(ProcessBuilder pb) throws Exception {
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
