# The stored findings' version mark removed: an incremental relink does this with its first update
# (the links that came and went), and puts the mark back with the findings it then updates; cut
# short in between, the findings would miss what those links changed, so kg computes findings
# itself and the next ingest relinks the whole store. (An ingest run marks itself pending instead,
# pending_runs.rq.)
PREFIX kg: <https://w3id.org/crkg/ns#>
DELETE WHERE { GRAPH <https://w3id.org/crkg/graph/links> { <https://w3id.org/crkg/graph/links> kg:findingsVersion ?v } }
