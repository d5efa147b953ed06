-- Numbers tables and figures across the whole report, the way Quarto's
-- crossref does for the Quarto engine: "Tabell 3: …", "Figur 2: …", and
-- turns references (@tbl-x, @fig-x) into "Tabell 3" / "Figur 2".
-- A figure's fig-alt attribute becomes the image's alternative text.
--
-- Typst numbers tables and figures itself (in the document's language): there
-- a reference becomes Typst's own #ref(<label>) (Pandoc would write #cite, which
-- needs a bibliography), and the alternative text is set on the image.
-- An unknown label stays visible as "?@tbl-x", as Quarto shows it; the run
-- lists it as a check (helpers/run/document.py, reference_checks).
--
-- DOCX and PDF (Typst) also get the cover page and the table of contents here,
-- after the cover block: for DOCX the contents are written as a TOC field whose
-- result is already filled (paragraphs with links to the headings), so Word and
-- LibreOffice show it when the document is opened, and Word can still update it
-- with page numbers; Typst writes its own outline. Column widths of DOCX and
-- Typst tables are widened so that no word or number in a column is broken.

local names = { tbl = "Tabell", fig = "Figur" }
local counts = { tbl = 0, fig = 0 }
local numbers = {}
local typst = FORMAT:match("typst") ~= nil
local docx = FORMAT:match("docx") ~= nil
local TOC_TITLE = "Innehåll"
local TOC_DEPTH = 2

local function kind_of(id)
  if id == nil then return nil end
  local prefix = id:match("^(%a+)%-")
  if prefix and names[prefix] then return prefix end
  return nil
end

local function prefix_caption(caption, kind, n)
  local label = pandoc.Inlines({ pandoc.Str(names[kind] .. "\u{00a0}" .. n .. ":"), pandoc.Space() })
  if #caption.long == 0 then
    caption.long = { pandoc.Plain(label) }
  else
    local first = caption.long[1]
    first.content = label .. first.content
  end
  return caption
end

local function number(el)
  local kind = kind_of(el.identifier)
  if not kind then return nil end
  counts[kind] = counts[kind] + 1
  numbers[el.identifier] = names[kind] .. "\u{00a0}" .. counts[kind]
  if typst then return nil end
  el.caption = prefix_caption(el.caption, kind, counts[kind])
  return el
end

local function typst_string(text)
  local escaped = text:gsub("[\r\n]+", " "):gsub("\\", "\\\\"):gsub('"', '\\"')
  return '"' .. escaped .. '"'
end

local function set_alt(img)
  local alt = img.attributes["fig-alt"]
  if alt then
    img.caption = pandoc.Inlines({ pandoc.Str(alt) })
    img.attributes["fig-alt"] = nil
    img.attributes["alt"] = nil
  end
  return img
end

-- Typst: Pandoc 3.9 writes image("…") without alt; a scoped set rule gives the image its alternative text.
local function image_alt(img)
  if img.attributes["alt-set"] then img.attributes["alt-set"] = nil; return img end
  local alt = img.attributes["fig-alt"] or pandoc.utils.stringify(img.caption)
  if alt == "" then return nil end
  return { pandoc.RawInline("typst", "#[#set image(alt: " .. typst_string(alt) .. ");"), img, pandoc.RawInline("typst", "]") }
end

local function figure_alt(fig)
  local alt = nil
  fig:walk({ Image = function(img) alt = alt or img.attributes["fig-alt"] or pandoc.utils.stringify(img.caption) end })
  fig = fig:walk({ Image = function(img) img.attributes["fig-alt"] = nil; img.attributes["alt-set"] = "1"; return img end })
  if not alt or alt == "" then return nil end
  return { pandoc.RawBlock("typst", "#[#set image(alt: " .. typst_string(alt) .. ");"), fig, pandoc.RawBlock("typst", "]") }
end

local function resolve_one(citation)
  local id = citation.id
  if numbers[id] then
    if typst then return pandoc.RawInline("typst", "#ref(<" .. id .. ">)") end
    -- In HTML the reference is a link to the table or figure (its id is the anchor).
    if FORMAT:match("html") then return pandoc.Link(pandoc.Str(numbers[id]), "#" .. id) end
    return pandoc.Str(numbers[id])
  end
  if kind_of(id) then return pandoc.Str("?@" .. id) end
  return nil
end

local function resolve(cite)
  local out = pandoc.Inlines({})
  for i, citation in ipairs(cite.citations) do
    local ref = resolve_one(citation)
    if not ref then return cite.content end  -- not a cross-reference: the text as written (no bibliography here)
    if i > 1 then out:extend({ pandoc.Str(","), pandoc.Space() }) end
    out:extend(citation.prefix)
    if #citation.prefix > 0 then out:insert(pandoc.Space()) end
    out:insert(ref)
    out:extend(citation.suffix)
  end
  return out
end

-- DOCX and Typst tables: a column is at least as wide as its longest word or number
-- (estimated in characters of the text width), so that "Riket" or "2025" never breaks.
local LINE_CHARS = 80  -- characters of 9 pt table text across the text width of an A4 page (160 mm)
local CELL_PADDING = 2 -- the cell margins, in characters
local TABLE_POINTS, TABLE_MIN_POINTS = 9, 6.5  -- Typst table text (sidmall.typ) and the smallest it may shrink to

local function longest_word(cell)
  local longest = 0
  for word in pandoc.utils.stringify(cell.contents):gmatch("[^ \t\n]+") do
    longest = math.max(longest, utf8.len(word) or #word)
  end
  return longest
end

local function column_minimums(t)
  local minimums = {}
  for i = 1, #t.colspecs do minimums[i] = 0 end
  local function visit(rows)
    for _, row in ipairs(rows) do
      local col = 1
      for _, cell in ipairs(row.cells) do
        if cell.col_span == 1 and minimums[col] then
          minimums[col] = math.max(minimums[col], longest_word(cell))
        end
        col = col + cell.col_span
      end
    end
  end
  visit(t.head.rows)
  for _, body in ipairs(t.bodies) do visit(body.body) end
  for i, chars in ipairs(minimums) do minimums[i] = (chars + CELL_PADDING) / LINE_CHARS end
  return minimums
end

local function widen_columns(t)
  local widths, total = {}, 0
  for i, spec in ipairs(t.colspecs) do
    if type(spec[2]) ~= "number" then return nil end  -- no widths: the writer fits the columns itself
    widths[i] = spec[2]
    total = total + spec[2]
  end
  local minimums, needed = column_minimums(t), 0
  for i, w in ipairs(widths) do
    widths[i] = math.max(w, minimums[i])
    needed = needed + widths[i]
  end
  local room = math.max(total, 1.0)
  if needed > room then
    local slack, minimum_total = 0, 0
    for i, w in ipairs(widths) do
      slack = slack + (w - minimums[i])
      minimum_total = minimum_total + minimums[i]
    end
    for i, w in ipairs(widths) do
      if minimum_total >= room then
        widths[i] = minimums[i] * room / minimum_total
      else
        widths[i] = minimums[i] + (w - minimums[i]) * (room - minimum_total) / slack
      end
    end
  end
  for i, spec in ipairs(t.colspecs) do t.colspecs[i] = { spec[1], widths[i] } end
  local minimum_total = 0
  for _, m in ipairs(minimums) do minimum_total = minimum_total + m end
  if typst and minimum_total > room then
    -- Too many columns for their words at 9 pt: a smaller size for this table, so that no word runs into the next column.
    local size = math.max(TABLE_MIN_POINTS, TABLE_POINTS * room / minimum_total)
    return { pandoc.RawBlock("typst", string.format("#[#show table: set text(size: %.1fpt);", size)), t, pandoc.RawBlock("typst", "]") }
  end
  return t
end

-- HTML tables: column headers scope="col", the first column row headers (th scope="row"),
-- and total and subtotal rows marked (class "summa", bold in the stylesheet), so that a
-- screen reader announces the row of every cell of a two-way table.
local function table_semantics(t)
  if not FORMAT:match("html") then return nil end
  for _, row in ipairs(t.head.rows) do
    for _, cell in ipairs(row.cells) do cell.attributes.scope = "col" end
  end
  for _, body in ipairs(t.bodies) do
    body.row_head_columns = 1
    for _, row in ipairs(body.body) do
      local first = row.cells[1]
      if first then
        first.attributes.scope = "row"
        local label = pandoc.utils.stringify(first.contents)
        if label == "Totalt" or label:match("^Summa") then row.attr.classes:insert("summa") end
      end
    end
  end
  return t
end

-- HTML: each table scrolls inside its own labelled, keyboard-focusable region, so the page
-- itself never scrolls sideways on a phone (WCAG 1.4.10 Reflow).
local function scroll_region(t)
  if not FORMAT:match("html") then return nil end
  local label = pandoc.utils.stringify(t.caption.long)
  if label == "" then label = "Tabell" end
  return pandoc.Div({ t }, pandoc.Attr("", { "table-scroll" }, { role = "region", tabindex = "0", ["aria-label"] = label }))
end

-- HTML: the empty #innehall anchor opens the report's main landmark, which closes at the end.
local function main_landmark(doc)
  if not FORMAT:match("html") then return nil end
  for i, block in ipairs(doc.blocks) do
    if block.t == "Div" and block.identifier == "innehall" then
      doc.blocks[i] = pandoc.RawBlock("html", '<main id="innehall">')
      doc.blocks:insert(pandoc.RawBlock("html", "</main>"))
      return doc
    end
  end
  return nil
end

local function page_break()
  if docx then return pandoc.RawBlock("openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>') end
  return pandoc.RawBlock("typst", "#pagebreak(weak: true)")
end

-- The headings of the contents (levels 1 to TOC_DEPTH, not "unlisted"), in document order.
local function contents_headings(doc)
  local found = {}
  doc:walk({ Header = function(h)
    if h.level <= TOC_DEPTH and not h.classes:includes("unlisted") then found[#found + 1] = h end
  end })
  return found
end

-- DOCX: a TOC field (Word can update it with page numbers) whose result is already there.
local function docx_contents(doc)
  local headings = contents_headings(doc)
  if #headings == 0 then return {} end
  local blocks = { pandoc.Div({ pandoc.Para({ pandoc.Str(TOC_TITLE) }) }, { ["custom-style"] = "TOC Heading" }) }
  for i, h in ipairs(headings) do
    local text = pandoc.Inlines(h.content):walk({ Note = function() return {} end, Link = function(l) return l.content end })
    local entry = h.identifier ~= "" and pandoc.Inlines({ pandoc.Link(text, "#" .. h.identifier) }) or text
    if i == 1 then
      entry:insert(1, pandoc.RawInline("openxml", '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        .. '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-' .. TOC_DEPTH .. '" \\h \\z \\u </w:instrText></w:r>'
        .. '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'))
    end
    if i == #headings then
      entry:insert(pandoc.RawInline("openxml", '<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    end
    blocks[#blocks + 1] = pandoc.Div({ pandoc.Para(entry) }, { ["custom-style"] = "toc " .. h.level })
  end
  return blocks
end

local function typst_contents()
  return { pandoc.RawBlock("typst", "#outline(title: [" .. TOC_TITLE .. "], depth: " .. TOC_DEPTH .. ")") }
end

-- DOCX and Typst: the title block and the cover data on a page of their own, then the contents on the next.
local function cover_and_contents(doc)
  if not (docx or typst) then return nil end
  local at = 0
  for i, block in ipairs(doc.blocks) do
    if block.t == "Div" and block.classes:includes("cover") then at = i; break end
  end
  local contents = docx and docx_contents(doc) or typst_contents()
  local inserted = { page_break() }
  for _, block in ipairs(contents) do inserted[#inserted + 1] = block end
  inserted[#inserted + 1] = page_break()
  for k, block in ipairs(inserted) do doc.blocks:insert(at + k, block) end
  return doc
end

if typst then
  return {
    { Table = number, Figure = number },
    { Table = widen_columns },
    { Cite = resolve },
    { Figure = figure_alt },
    { Image = image_alt },
    { Pandoc = cover_and_contents },
  }
end

return {
  { Table = number, Figure = number, Image = set_alt },
  { Table = docx and widen_columns or table_semantics },
  { Table = scroll_region },
  { Cite = resolve },
  { Pandoc = function(doc) return main_landmark(doc) or cover_and_contents(doc) end },
}
