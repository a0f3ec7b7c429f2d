import type { BitReader } from '../../lib/bytes/bit-reader.js';

/**
 * `readProgramConfigElementChannels` reads a program_config_element() (ISO/IEC 14496-3 §4.4.1.1, Table
 * 4.2) and returns its output channel count: one per single channel element, two per channel pair
 * element, plus the LFE channels. Coupling and data elements carry no output channels. The reader must
 * have started on a byte boundary (the PCE's byte_alignment() is relative to it).
 */
export function readProgramConfigElementChannels(br: BitReader): number {
  br.skip(4 + 2 + 4, 'element_instance_tag, object_type, sampling_frequency_index');
  const front = br.u(4, 'num_front_channel_elements');
  const side = br.u(4, 'num_side_channel_elements');
  const back = br.u(4, 'num_back_channel_elements');
  const lfe = br.u(2, 'num_lfe_channel_elements');
  const assocData = br.u(3, 'num_assoc_data_elements');
  const validCc = br.u(4, 'num_valid_cc_elements');
  if (br.flag('mono_mixdown_present')) {
    br.skip(4, 'mono_mixdown_element_number');
  }
  if (br.flag('stereo_mixdown_present')) {
    br.skip(4, 'stereo_mixdown_element_number');
  }
  if (br.flag('matrix_mixdown_idx_present')) {
    br.skip(3, 'matrix_mixdown_idx, pseudo_surround_enable');
  }
  let channels = 0;
  for (let i = 0; i < front + side + back; i++) {
    channels += br.flag('is_cpe') ? 2 : 1;
    br.skip(4, 'element_tag_select');
  }
  br.skip(4 * lfe + 4 * assocData + 5 * validCc, 'lfe, assoc data and cc elements');
  // byte_alignment() relative to the AudioSpecificConfig, which starts on a byte boundary.
  br.byteAlign();
  br.skip(8 * br.u(8, 'comment_field_bytes'), 'comment_field_data');
  return channels + lfe;
}
