package kg.gephi;

import java.io.File;
import java.util.Iterator;
import org.gephi.graph.api.Column;
import org.gephi.graph.api.Element;
import org.gephi.graph.api.GraphController;
import org.gephi.graph.api.GraphModel;
import org.gephi.graph.api.Interval;
import org.gephi.graph.api.Table;
import org.gephi.io.importer.api.Container;
import org.gephi.io.importer.api.ImportController;
import org.gephi.io.importer.api.Issue;
import org.gephi.io.processor.plugin.DefaultProcessor;
import org.gephi.project.api.ProjectController;
import org.gephi.project.api.Workspace;
import org.openide.util.Lookup;

/**
 * Imports one GraphML or GEXF file the way Gephi's "Open" does (default
 * processor, default import settings) and prints what Gephi made of it, one
 * tab-separated fact a line, for tests/test_gephi.py to check:
 *
 * <pre>
 * nodes      N
 * edges      N
 * labelled_nodes  N            (nodes whose label is not empty)
 * labelled_edges  N
 * node_column  TITLE  JAVA_TYPE
 * edge_column  TITLE  JAVA_TYPE
 * edge_kind    LABEL
 * time_bounds  MIN  MAX          (only for a dynamic graph)
 * issue        LEVEL  MESSAGE
 * </pre>
 *
 * Exits 2 when the file cannot be imported at all.
 */
public final class GephiImport {

    private GephiImport() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: GephiImport FILE.graphml|FILE.gexf");
            System.exit(64);
        }
        File file = new File(args[0]);
        ProjectController projects = Lookup.getDefault().lookup(ProjectController.class);
        projects.newProject();
        Workspace workspace = projects.getCurrentWorkspace();

        ImportController importer = Lookup.getDefault().lookup(ImportController.class);
        Container container;
        try {
            container = importer.importFile(file);
        } catch (Exception e) {
            System.err.println(file + ": Gephi could not import it: " + e);
            System.exit(2);
            return;
        }
        if (container == null) {
            System.err.println(file + ": Gephi found no importer for this file");
            System.exit(2);
            return;
        }
        Iterator<Issue> issues = container.getReport().getIssues(Integer.MAX_VALUE);
        while (issues.hasNext()) {
            Issue issue = issues.next();
            System.out.println("issue\t" + issue.getLevel() + "\t" + issue.getMessage().replace('\n', ' '));
        }
        importer.process(container, new DefaultProcessor(), workspace);

        GraphModel model = Lookup.getDefault().lookup(GraphController.class).getGraphModel(workspace);
        System.out.println("nodes\t" + model.getGraph().getNodeCount());
        System.out.println("edges\t" + model.getGraph().getEdgeCount());
        System.out.println("labelled_nodes\t" + countLabelled(model.getGraph().getNodes()));
        System.out.println("labelled_edges\t" + countLabelled(model.getGraph().getEdges()));
        printColumns("node_column", model.getNodeTable());
        printColumns("edge_column", model.getEdgeTable());
        for (Object label : model.getEdgeTypeLabels()) {
            if (label != null) {
                System.out.println("edge_kind\t" + label);
            }
        }
        Interval bounds = model.getTimeBounds();
        if (bounds != null && !Double.isInfinite(bounds.getLow())) {
            System.out.println("time_bounds\t" + bounds.getLow() + "\t" + bounds.getHigh());
        }
        System.exit(0);
    }

    private static int countLabelled(Iterable<? extends Element> elements) {
        int labelled = 0;
        for (Element element : elements) {
            if (element.getLabel() != null && !element.getLabel().isEmpty()) {
                labelled++;
            }
        }
        return labelled;
    }

    private static void printColumns(String kind, Table table) {
        for (Column column : table) {
            System.out.println(kind + "\t" + column.getTitle() + "\t" + column.getTypeClass().getSimpleName());
        }
    }
}
