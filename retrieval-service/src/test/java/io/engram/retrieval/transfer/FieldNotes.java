package io.engram.retrieval.transfer;

import io.engram.retrieval.RetrievalApi;
import java.util.List;
import java.util.Map;

/**
 * A small knowledge base of the kind a team keeps: operating notes, background articles and a markdown runbook with
 * sections, long enough that most documents are cut into several chunks at the tests' chunk size.
 */
final class FieldNotes {

  private FieldNotes() {
  }

  static List<Map<String, Object>> documents() {
    return List.of(
        RetrievalApi.doc("sourdough-starter", "Keeping a sourdough starter",
            "A starter is a culture of wild yeasts and lactic acid bacteria living in flour and water. The yeasts produce"
                + " carbon dioxide that leavens the dough, while the bacteria produce lactic and acetic acids that give the"
                + " bread its sour taste and help it keep longer. Feed the starter with equal weights of flour and water"
                + " once a day at room temperature, discarding most of it before each feeding so the culture does not"
                + " become too acidic. A healthy starter doubles in volume within four to eight hours of a feeding and"
                + " smells pleasantly sour, like yoghurt. If a grey liquid collects on top, the culture is hungry: stir it"
                + " back in or pour it off and feed more often. Kept in the refrigerator, a starter needs feeding only once"
                + " a week, but give it two feedings at room temperature before baking so the yeasts are active again.",
            Map.of("topic", "baking", "year", 2021)),
        RetrievalApi.doc("single-track-signalling", "Keeping trains apart on single track",
            "On a single-track line, trains in opposite directions can only pass at loops or stations with a second"
                + " track. The oldest safeguard is the token: a driver may enter a section only while holding the single"
                + " physical token for it, so two trains can never be in the section at once. Electric token instruments"
                + " linked by telegraph wire later allowed several tokens per section while still releasing only one at a"
                + " time. Modern lines use track circuits or axle counters to detect whether a section is occupied, and"
                + " interlocking prevents a signal from clearing while a conflicting route is set. Radio electronic token"
                + " block replaces the physical token with an authority sent to the cab, which lets rural lines run without"
                + " lineside signals.",
            Map.of("topic", "railways", "year", 2015)),
        RetrievalApi.doc("lithium-ion-ageing", "Why lithium-ion batteries lose capacity",
            "A lithium-ion cell loses capacity mainly through the growth of the solid electrolyte interphase, a film that"
                + " forms on the graphite anode and consumes lithium as it thickens. High temperature speeds up this"
                + " reaction: a cell stored at forty degrees Celsius ages roughly twice as fast as one at twenty-five."
                + " Keeping a cell at full charge also stresses the cathode, which is why many laptops and electric cars"
                + " stop charging at eighty percent for daily use. Fast charging at low temperature can plate metallic"
                + " lithium on the anode, which both removes lithium from use and can grow dendrites that short the cell."
                + " Shallow cycles between thirty and seventy percent wear a cell far less than full cycles.",
            Map.of("topic", "energy", "year", 2022)),
        RetrievalApi.doc("coffee-roasting", "Stages of a coffee roast",
            "Green coffee beans first dry out, turning from green to yellow as the roaster drives off moisture. Browning"
                + " follows as Maillard reactions and caramelisation build the flavours and colour of the bean. At first"
                + " crack the beans audibly pop as steam and carbon dioxide escape; light roasts end shortly after it and"
                + " keep the acidity and fruit of the origin. Longer development after first crack trades acidity for"
                + " body and sweetness, and second crack marks the point where oils reach the surface and roast flavours"
                + " dominate. Roasted beans release carbon dioxide for days, which is why fresh coffee is packed in bags"
                + " with one-way valves and tastes best after resting a few days.",
            Map.of("topic", "food", "year", 2020)),
        RetrievalApi.doc("groundwater-recharge", "How aquifers are recharged",
            "Groundwater is replenished when rain and snowmelt infiltrate the soil and percolate below the root zone to"
                + " the water table. Sandy soils and fractured limestone let water through quickly, while clay layers slow"
                + " it and can confine an aquifer beneath them. In dry regions most recharge happens in short episodes"
                + " after heavy storms, often through the beds of streams that flow only part of the year. Pumping faster"
                + " than recharge lowers the water table, dries up springs and wetlands, and near the coast draws"
                + " seawater into the aquifer. Managed aquifer recharge spreads treated water or floodwater in basins so"
                + " that it soaks in and is stored underground for dry years.",
            Map.of("topic", "hydrology", "year", 2019)),
        RetrievalApi.doc("vaccine-cold-chain", "The vaccine cold chain",
            "Most vaccines must be kept between two and eight degrees Celsius from the factory to the clinic; some mRNA"
                + " vaccines need far colder storage. Freezing damages vaccines that contain aluminium adjuvants, so"
                + " refrigerators are set to the middle of the range and never placed against a wall that may freeze."
                + " Vaccine vial monitors, small heat-sensitive labels on each vial, change colour after cumulative heat"
                + " exposure and tell health workers whether a vial can still be used. Solar direct-drive refrigerators"
                + " have extended the cold chain to clinics without a reliable electricity supply.",
            Map.of("topic", "medicine", "year", 2023)),
        RetrievalApi.doc("tidal-power", "Power from the tides",
            "Tidal range power stations hold water behind a barrage at high tide and release it through turbines as the"
                + " tide falls. The Rance station in France has generated electricity this way since 1966. Tidal stream"
                + " turbines instead stand in fast currents between islands or headlands, much like underwater wind"
                + " turbines, and avoid damming an estuary. Tides are predictable years ahead, which makes their output"
                + " easier to plan for than wind or sunshine, but the best sites are few and installation at sea is"
                + " costly.",
            Map.of("topic", "energy", "year", 2018)),
        Map.of("id", "pump-station-runbook.md", "title", "Pump station runbook", "format", "markdown",
            "metadata", Map.of("topic", "operations", "year", 2024),
            "text", """
                # Pump station runbook

                ## Alarms

                A high wet-well level alarm means inflow is exceeding what the duty pump can move. Check that the duty
                pump is running and drawing its normal current; a pump running with low current is often blocked by rags
                at the impeller. Start the standby pump by hand if the level keeps rising and call the on-call engineer.

                ## Blockages

                Isolate the pump electrically and lock the isolator before lifting it. Rags and wet wipes wrapped around
                the impeller are the usual cause. Clear them, check the impeller for wear and the seal for leaks, then
                lower the pump and test it on hand control before returning it to automatic.

                ## Power failure

                When mains power fails, the standby generator should start within thirty seconds and take the load. If
                it does not, the wet well will fill: note the level, estimate the time to overflow from the inflow rate,
                and request a tanker if power cannot be restored before then.
                """));
  }
}
