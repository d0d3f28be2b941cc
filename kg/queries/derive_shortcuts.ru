# The kg:affirms and kg:disputes shortcuts (source -> proposition) of one graph, derived again
# from its statements: those there are removed, those its statements give are added. kg writes
# them with every statement (kg.graph); kg relink and kg import run this to catch statements
# written by other means. kg.pipeline.derive_shortcuts runs it once per graph, the graph's IRI in
# place of <urn:x-kg:graph> (a constant graph: Virtuoso 7 fails on INSERT { GRAPH ?g ... }).
PREFIX kg: <https://w3id.org/crkg/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
DELETE WHERE { GRAPH <urn:x-kg:graph> { ?source kg:affirms ?prop } } ;
DELETE WHERE { GRAPH <urn:x-kg:graph> { ?source kg:disputes ?prop } } ;
INSERT { GRAPH <urn:x-kg:graph> { ?source kg:affirms ?prop } } WHERE {
  GRAPH <urn:x-kg:graph> {
    ?statement kg:about ?prop ; kg:stance kg:Asserts ; kg:negated false ; prov:wasAttributedTo ?source
  }
} ;
INSERT { GRAPH <urn:x-kg:graph> { ?source kg:disputes ?prop } } WHERE {
  GRAPH <urn:x-kg:graph> { ?statement kg:about ?prop ; kg:negated true ; prov:wasAttributedTo ?source }
}
