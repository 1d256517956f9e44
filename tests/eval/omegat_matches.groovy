// omegat_matches.groovy - OmegaT 3.6's own fuzzy matcher (FindMatches, as
// its Matches pane uses it) over the project's TMs in tm/, for each query.
import org.omegat.core.statistics.FindMatches
import groovy.json.JsonOutput
def qpath = System.getenv("OMT_QUERIES")
def opath = System.getenv("OMT_OUT")
if (qpath == null || eventType.toString() != "LOAD") return
def fm = new FindMatches(project.getSourceTokenizer(), 5, false, false)
def out = new File(opath).newWriter("UTF-8")
new File(qpath).eachLine("UTF-8") { q ->
  def near = fm.search(project, q, false, false, { -> false } as org.omegat.core.events.IStopped)
  def ms = near.collect { n -> [score: n.scores[0].score, source: n.source, target: n.translation] }
  out.write(JsonOutput.toJson([query: q, matches: ms]) + "\n")
}
out.close()
