-- Numbers tables and figures across the whole report, the way Quarto's
-- crossref does for the Quarto engine: "Tabell 3: …", "Figur 2: …", and
-- turns references (@tbl-x, @fig-x) into "Tabell 3" / "Figur 2".
-- A figure's fig-alt attribute becomes the image's alternative text.

local names = { tbl = "Tabell", fig = "Figur" }
local counts = { tbl = 0, fig = 0 }
local numbers = {}

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
  el.caption = prefix_caption(el.caption, kind, counts[kind])
  return el
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

local function resolve(cite)
  local id = cite.citations[1].id
  if numbers[id] then
    return pandoc.Str(numbers[id])
  end
  return nil
end

-- Typst numbers tables and figures itself (in the document's language) and
-- resolves the references natively: only the alternative texts are set there.
if FORMAT:match("typst") then
  return { { Image = set_alt } }
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

return {
  { Table = number, Figure = number, Image = set_alt },
  { Table = table_semantics },
  { Table = scroll_region },
  { Cite = resolve },
  { Pandoc = main_landmark },
}
