package io.triage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges MOA rows into an existing learning.csv / learning.md without re-running Triage: MOA rows replace
 * earlier MOA rows in the CSV, and the budget table of the Markdown is re-rendered from all CSV rows.
 */
final class MoaMerge {
    private static final String BUDGET = "## Budget mode";
    private static final String GUARANTEE = "## Guarantee mode";

    private MoaMerge() {}

    static void merge(Path out, List<ResultRow> moa) throws IOException {
        Path csvFile = out.resolve("learning.csv");
        Path mdFile = out.resolve("learning.md");
        List<ResultRow> rows = new ArrayList<>();
        List<String> csv = new ArrayList<>();
        csv.add(ResultRow.HEADER);
        for (String line : Files.readAllLines(csvFile)) {
            if (line.isBlank() || line.startsWith("source,")) continue;
            ResultRow r = ResultRow.parse(line);
            if (r.source().startsWith("moa")) continue;
            rows.add(r);
            csv.add(line); // as written: parse keeps only the columns the budget table needs
        }
        rows.addAll(moa);
        moa.forEach(r -> csv.add(r.csv()));
        Files.write(csvFile, csv);
        String md = Files.readString(mdFile);
        int a = md.indexOf(BUDGET);
        int b = md.indexOf(GUARANTEE);
        String head = a >= 0 ? md.substring(0, a) : md.substring(0, Math.max(0, b));
        String tail = b >= 0 ? md.substring(b) : "";
        md = head + ResultTables.budgetTable(rows) + "\n" + tail;
        Files.writeString(mdFile, md);
        System.out.println(md);
        System.out.println("merged " + moa.size() + " MOA rows into " + csvFile + " and " + mdFile);
    }
}
