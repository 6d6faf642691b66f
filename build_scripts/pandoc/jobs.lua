-- Run a list of pandoc jobs in one process (see jobs.py): read Markdown to a JSON AST, or write a
-- JSON AST with a writer. Input: a JSON array of {op, format, text}; output: a JSON array of strings.
local jobs = pandoc.json.decode(io.read("a"), false)
local out = {}
for i, job in ipairs(jobs) do
  if job.op == "read" then
    out[i] = pandoc.write(pandoc.read(job.text, job.format), "json")
  else
    out[i] = pandoc.write(pandoc.read(job.text, "json"), job.format, {wrap_text = "none"})
  end
end
io.write(pandoc.json.encode(out))
