// The platform's maps (Open City's map and report pages, and the pin picker of any form): an enhancement only.
// Every page works without this script (address and coordinate fields, the list view). Text from the server is
// put into the page with textContent, never as HTML.
(function () {
  'use strict';
  if (typeof window.L === 'undefined') return;
  var L = window.L;
  var COLORS = {
    new: '#6b7280',
    accepted: '#1d70b8',
    in_progress: '#f47738',
    resolved: '#00703c',
    not_resolved: '#d4351c',
    rejected: '#505a5f',
    duplicate: '#505a5f',
    not_competent: '#912b88',
  };

  function baseMap(el) {
    // The map box is hidden until this script runs, so pages without JavaScript show no empty frame.
    el.classList.add('oc-ready');
    var map = L.map(el, { scrollWheelZoom: false }).setView([Number(el.dataset.lat), Number(el.dataset.lng)], Number(el.dataset.zoom || 13));
    var failed = false;
    L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 19 })
      .on('tileerror', function () {
        if (failed) return;
        failed = true;
        var note = document.getElementById('oc-tile-note');
        if (note) note.hidden = false;
        el.classList.add('oc-map-no-tiles');
      })
      .addTo(map);
    return map;
  }

  function marker(lat, lng, status) {
    return L.circleMarker([lat, lng], { radius: 9, color: '#0b0c0c', weight: 1, fillColor: COLORS[status] || '#1d70b8', fillOpacity: 0.9 });
  }

  // The public map: markers by status, clustered, each with a link to its report.
  var all = document.getElementById('oc-map');
  if (all) {
    var map = baseMap(all);
    var group = typeof L.markerClusterGroup === 'function' ? L.markerClusterGroup({ maxClusterRadius: 40 }) : L.layerGroup();
    group.addTo(map);
    fetch(all.dataset.src, { credentials: 'same-origin' })
      .then(function (r) {
        return r.json();
      })
      .then(function (data) {
        var bounds = [];
        data.features.forEach(function (f) {
          var lat = f.geometry.coordinates[1];
          var lng = f.geometry.coordinates[0];
          var box = document.createElement('div');
          var a = document.createElement('a');
          a.href = f.properties.url;
          a.textContent = '№' + f.properties.id + '. ' + f.properties.title;
          var meta = document.createElement('p');
          meta.textContent = f.properties.category;
          box.appendChild(a);
          box.appendChild(meta);
          var m = marker(lat, lng, f.properties.status).bindPopup(box);
          m.options.title = f.properties.title;
          group.addLayer(m);
          bounds.push([lat, lng]);
        });
        all.dataset.count = String(data.features.length);
        if (bounds.length) map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] });
      })
      .catch(function () {
        var note = document.getElementById('oc-tile-note');
        if (note) note.hidden = false;
      });
    // The area subscription follows the map's centre.
    var aLat = document.getElementById('area-lat');
    var aLng = document.getElementById('area-lng');
    if (aLat && aLng) {
      map.on('moveend', function () {
        var c = map.getCenter();
        aLat.value = c.lat.toFixed(5);
        aLng.value = c.lng.toFixed(5);
      });
    }
  }

  // The report form: a click drops a pin into the latitude and longitude fields; «My location» asks the phone.
  var pick = document.getElementById('oc-pick-map');
  if (pick) {
    var latIn = document.getElementById('lat');
    var lngIn = document.getElementById('lng');
    var pmap = baseMap(pick);
    var pin = null;
    var place = function (lat, lng, zoom) {
      latIn.value = lat.toFixed(6);
      lngIn.value = lng.toFixed(6);
      if (pin) pin.setLatLng([lat, lng]);
      else pin = marker(lat, lng, 'accepted').addTo(pmap);
      if (zoom) pmap.setView([lat, lng], 17);
    };
    if (latIn.value && lngIn.value && !isNaN(Number(latIn.value)) && !isNaN(Number(lngIn.value))) place(Number(latIn.value), Number(lngIn.value), true);
    pmap.on('click', function (e) {
      place(e.latlng.lat, e.latlng.lng, false);
    });
    var locate = document.getElementById('oc-locate');
    var status = document.getElementById('oc-locate-status');
    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener('click', function () {
        status.textContent = document.documentElement.lang === 'en' ? 'Finding your location…' : 'Визначаємо ваше місцезнаходження…';
        navigator.geolocation.getCurrentPosition(
          function (pos) {
            place(pos.coords.latitude, pos.coords.longitude, true);
            status.textContent = document.documentElement.lang === 'en' ? 'Location set. You can move the pin.' : 'Місце встановлено. Мітку можна пересунути.';
          },
          function () {
            status.textContent =
              document.documentElement.lang === 'en'
                ? 'Could not get your location: give the address instead.'
                : 'Не вдалося визначити місцезнаходження: вкажіть адресу.';
          },
          { enableHighAccuracy: true, timeout: 10000 },
        );
      });
    }
  }

  // A report page: its one marker.
  var one = document.getElementById('oc-report-map');
  if (one) {
    var omap = baseMap(one);
    marker(Number(one.dataset.lat), Number(one.dataset.lng), one.dataset.status).addTo(omap);
  }
})();
